package io.loadstone.common.plan.criteria;

import java.util.Arrays;
import java.util.Optional;

/**
 * Whole-run counts a criterion can gate on; each compares with a whole number. The agent counters
 * ({@link #needsAgentWatch()}) are known only when the run watched the platform's agents; without that a criterion on
 * one fails with "no data" rather than pass on a zero nobody measured.
 */
public enum Counter {
  /** Session objects (Deployment, Service, Pod) still present after the cleanedUp timeout. */
  LEAKED("leaked"),
  /** Sessions that failed at some phase. */
  FAILED("failed"),
  /** Objects the platform keeps by design after a delete (PVCs and Session CRs together). */
  RETAINED("retained"),
  /** Home PVCs kept after a delete. */
  RETAINED_PVC("retained.pvc"),
  /** Session custom resources kept after a delete. */
  RETAINED_SESSION_CR("retained.sessionCr"),
  /** Create requests the platform answered 503 (no agent available). */
  CREATES_REFUSED("creates.refused", false),
  /** Deletes accepted (202) while the session's agent was listed offline, whose objects were still there after it was back. */
  COMMANDS_LOST("commands.lost", true),
  /** Sessions running when their agent was found offline that kept the same pod and completed. */
  SESSIONS_SURVIVED("sessions.survived", true),
  /** Sessions running when their agent was found offline that lost their pod, failed, or whose agent never came back. */
  SESSIONS_NOT_SURVIVED("sessions.notSurvived", true),
  /** Times an agent was seen listed offline after being online. */
  AGENT_OUTAGES("agent.outages", true),
  /** Times an agent listed offline was seen online again. */
  AGENT_RECONNECTS("agent.reconnects", true),
  /** Sessions whose create was answered naming an agent listed offline at that moment (Test 3.3: none may be). */
  SESSIONS_PLACED_OFFLINE("sessions.placedOffline", true);

  private final String id;
  private final boolean agentWatch;

  Counter(String id) {
    this(id, false);
  }

  Counter(String id, boolean agentWatch) {
    this.id = id;
    this.agentWatch = agentWatch;
  }

  /** True for the counters only the agent watch can count. */
  public boolean needsAgentWatch() {
    return agentWatch;
  }

  public String id() {
    return id;
  }

  public static Optional<Counter> byId(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
  }
}
