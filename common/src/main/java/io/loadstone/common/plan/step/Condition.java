package io.loadstone.common.plan.step;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What an {@code after:} step waits for. */
public enum Condition {
  /** Every session created so far has reached running, or has ended. */
  RUNNING("running"),
  /** The step's agent (any agent without one) is listed offline by the platform. */
  AGENT_OFFLINE("agent-offline"),
  /** The step's agent (every agent without one) is listed online by the platform. */
  AGENT_ONLINE("agent-online");

  private final String id;

  Condition(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** True for the conditions read from the platform's agent list. */
  public boolean aboutAgents() {
    return this != RUNNING;
  }

  public static Optional<Condition> byId(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(Condition::id).toList();
  }
}
