package io.loadstone.orchestrator.report;

import java.util.Map;

/** One-line explanations of the diagnosis codes (sessions' and agent issues'), for people reading a report. */
public final class DiagnosisCodes {
  private static final Map<String, String> EXPLANATIONS = Map.ofEntries(
      Map.entry("start-command-lost", "The platform accepted the session (202) but no Deployment appeared by the "
          + "deadline while its agent was online and the API state stayed pending: the start command never reached "
          + "the agent or was dropped there."),
      Map.entry("pod-not-ready", "The session's pod never reported Ready by the deadline; its conditions and "
          + "Kubernetes Events say why."),
      Map.entry("vnc-unreachable", "The session was running but its VNC tunnel did not complete the RFB handshake by "
          + "the deadline."),
      Map.entry("vnc-cross-wired", "Isolation breach: the session's VNC connection reached another session's "
          + "desktop."),
      Map.entry("cleanup-timeout", "After the delete, some of the session's objects were still present at the "
          + "cleanedUp deadline (named in the evidence)."),
      Map.entry("api-error", "The platform API answered a request with an error (status and body excerpt in the "
          + "evidence)."),
      Map.entry("not-provisioned", "No Deployment and Service by the provisioned deadline, but not the lost-start "
          + "pattern (the state moved on, or one of the two objects appeared): the evidence shows what was there."),
      Map.entry("agent-offline", "No Deployment and Service by the provisioned deadline, and the platform reported "
          + "the session's agent as not online."),
      Map.entry("not-running", "The pod became Ready but the API state did not reach running by its deadline; the "
          + "state history is in the evidence."),
      Map.entry("agent-stuck-offline", "The create was refused (503 No agents available) while an agent was listed "
          + "offline although its lastHeartbeat kept advancing: the agent was connected and heartbeating, the "
          + "platform kept it offline (P1-AGENT-STATUS-001)."),
      Map.entry("command-lost-while-agent-down", "The delete was accepted (202) while the session's agent was listed "
          + "offline, and the session's objects were still there after the agent was back: the stop command sent "
          + "while it was away was never delivered."),
      Map.entry("agent-heartbeat-timeout", "The agent was listed offline after its heartbeats had stopped for longer "
          + "than its usual interval while its connection stayed up (a stall), not after a dropped connection."),
      Map.entry("agent-crash", "The agent went offline and came back at least twice during the run: it keeps "
          + "crashing or losing its connection."),
      Map.entry("unbalanced-agents", "Sessions were spread unevenly over the agents: the variance of the sessions "
          + "per agent is above the plan's agents.variance bound (2 without one)."));

  private DiagnosisCodes() {
  }

  /** The explanation of {@code code}, or a line saying it has none (codes added later still print). */
  public static String explain(String code) {
    return EXPLANATIONS.getOrDefault(code, "No explanation is known for this code; the evidence says what was seen.");
  }
}
