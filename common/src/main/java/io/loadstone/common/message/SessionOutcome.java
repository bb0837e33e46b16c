package io.loadstone.common.message;

import io.loadstone.common.phase.Phase;
import java.util.List;
import java.util.Objects;

/**
 * How one attempt of one session ended, sent once by the worker that ran it (the orchestrator keeps the first it
 * receives for a given {@code (run, session, attempt)}).
 *
 * @param platformSession the platform's session id, or null if none was created
 * @param agent           the platform agent it was placed on, if known
 * @param failedPhase     the phase that missed its deadline or failed, null when completed
 * @param diagnosis       the named cause with evidence, null when completed
 * @param isolation       the isolation check's findings, null when it did not run
 * @param podUids         the distinct uids of the session's pods this attempt saw Ready, first seen first (empty when
 *                        none was): one uid means the session kept its pod, more mean it was replaced
 */
public record SessionOutcome(RunId run, String session, int attempt, String node, String platformSession, String agent,
                             Outcome outcome, Phase failedPhase, Diagnosis diagnosis, Isolation isolation,
                             List<String> podUids) {
  /** Final outcomes of an attempt. */
  public enum Outcome { COMPLETED, FAILED }

  public SessionOutcome {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(outcome, "outcome");
    podUids = podUids == null ? List.of() : List.copyOf(podUids);
  }

  /** An outcome that names no pod (none was seen, or the sender does not track them). */
  public SessionOutcome(RunId run, String session, int attempt, String node, String platformSession, String agent,
                        Outcome outcome, Phase failedPhase, Diagnosis diagnosis, Isolation isolation) {
    this(run, session, attempt, node, platformSession, agent, outcome, failedPhase, diagnosis, isolation, List.of());
  }
}
