package io.loadstone.orchestrator.report;

import java.util.Map;

/** One-line explanations of the diagnosis codes, for people reading a report. */
public final class DiagnosisCodes {
  private static final Map<String, String> EXPLANATIONS = Map.of(
      "start-command-lost", "The platform accepted the session (202) but no Deployment appeared by the deadline "
          + "while its agent was online and the API state stayed pending: the start command never reached the agent "
          + "or was dropped there.",
      "pod-not-ready", "The session's pod never reported Ready by the deadline; its conditions and Kubernetes Events "
          + "say why.",
      "vnc-unreachable", "The session was running but its VNC tunnel did not complete the RFB handshake by the "
          + "deadline.",
      "vnc-cross-wired", "Isolation breach: the session's VNC connection reached another session's desktop.",
      "cleanup-timeout", "After the delete, some of the session's objects were still present at the cleanedUp "
          + "deadline (named in the evidence).",
      "api-error", "The platform API answered a request with an error (status and body excerpt in the evidence).",
      "not-provisioned", "No Deployment and Service by the provisioned deadline, but not the lost-start pattern (the "
          + "state moved on, or one of the two objects appeared): the evidence shows what was there.",
      "agent-offline", "No Deployment and Service by the provisioned deadline, and the platform reported the "
          + "session's agent as not online.",
      "not-running", "The pod became Ready but the API state did not reach running by its deadline; the state "
          + "history is in the evidence.");

  private DiagnosisCodes() {
  }

  /** The explanation of {@code code}, or a line saying it has none (codes added later still print). */
  public static String explain(String code) {
    return EXPLANATIONS.getOrDefault(code, "No explanation is known for this code; the evidence says what was seen.");
  }
}
