package io.loadstone.common.plan.criteria;

import java.util.Arrays;
import java.util.Optional;

/**
 * Recovery times of the platform's agents, one value per outage the run observed, in milliseconds on the observer's
 * monotonic clock from the outage's start (the step that provoked it, else the last poll that saw the agent online).
 * Compared through a latency statistic or {@code count}, like a phase.
 */
public enum AgentLatency {
  /** Outage start to the first poll that listed the agent offline. */
  OFFLINE_DETECTED("agent.offlineDetected"),
  /** Outage start to the first poll that listed the agent online again. */
  RECONNECTED("agent.reconnected");

  private final String id;

  AgentLatency(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<AgentLatency> byId(String id) {
    return Arrays.stream(values()).filter(l -> l.id.equals(id)).findFirst();
  }
}
