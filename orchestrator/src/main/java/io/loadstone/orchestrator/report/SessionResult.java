package io.loadstone.orchestrator.report;

import io.loadstone.common.message.Diagnosis;
import io.loadstone.common.message.Isolation;
import io.loadstone.common.message.SessionOutcome.Outcome;
import io.loadstone.common.phase.Phase;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One planned session as it ended (its last attempt). A completed session has no failed phase and no diagnosis;
 * a failed one names the phase it failed at. Evidence and the desktop name are passed through {@link Redaction}.
 *
 * @param id              the run's slot id, e.g. {@code s0001}
 * @param platformSession the platform's session id, or null if none was created
 * @param attempts        how many attempts were made (at least 1)
 * @param worker          the node that ran the last attempt
 * @param agent           the platform agent it was placed on, or null if unknown
 * @param outcome         completed or failed
 * @param failedPhase     the phase it failed at, null when completed
 * @param diagnosis       the named cause with evidence, null when completed (or when nothing could be diagnosed)
 * @param phasesMillis    the phases it reached, in milliseconds on the worker's monotonic clock since the create
 *                        request (cleanedUp: since the delete request); unmodifiable, in phase order. NaN: reached,
 *                        but not timed (an attempt that adopted the session from a lost worker saw it already there)
 * @param isolation       what the isolation check found, or null when it did not run
 * @param startedAt       wall-clock time the create request was sent (for display), or null if never sent
 */
public record SessionResult(String id, String platformSession, int attempts, String worker, String agent,
                            Outcome outcome, Phase failedPhase, Diagnosis diagnosis, Map<Phase, Double> phasesMillis,
                            Isolation isolation, Instant startedAt) {
  public SessionResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(outcome, "outcome");
    if (attempts < 1) {
      throw new IllegalArgumentException("session " + id + ": attempts must be >= 1, got " + attempts);
    }
    if (outcome == Outcome.COMPLETED && (failedPhase != null || diagnosis != null)) {
      throw new IllegalArgumentException("session " + id + ": a completed session has no failed phase or diagnosis");
    }
    if (outcome == Outcome.FAILED && failedPhase == null) {
      throw new IllegalArgumentException("session " + id + ": a failed session names the phase it failed at");
    }
    EnumMap<Phase, Double> phases = new EnumMap<>(Phase.class);
    phasesMillis.forEach((phase, ms) -> {
      if (ms == null || Double.isInfinite(ms) || ms < 0) {
        throw new IllegalArgumentException("session " + id + ": phase " + phase.id() + " must be a time >= 0 ms, got " + ms);
      }
      phases.put(phase, ms);
    });
    phasesMillis = Collections.unmodifiableMap(phases);
    if (diagnosis != null) {
      diagnosis = new Diagnosis(diagnosis.code(), diagnosis.evidence().stream().map(Redaction::apply).toList());
    }
    if (isolation != null && isolation.vncDesktop() != null) {
      isolation = new Isolation(isolation.ownObjects(), isolation.limitsMatch(), Redaction.apply(isolation.vncDesktop()));
    }
  }

  /** True when the session reached {@code phase} but no time is known for it (adopted after a lost worker). */
  public boolean untimed(Phase phase) {
    Double ms = phasesMillis.get(phase);
    return ms != null && ms.isNaN();
  }

  /** True when the session reached {@code phase}. */
  public boolean reached(Phase phase) {
    return phasesMillis.containsKey(phase);
  }

  /** True unless the isolation check ran and found a breach: a shared object, wrong limits or a foreign desktop. */
  public boolean isolated() {
    return isolation == null
        || isolation.ownObjects() && isolation.limitsMatch() && !foreignDesktop();
  }

  /** True when the VNC connection reached a desktop named other than this session. */
  public boolean foreignDesktop() {
    return isolation != null && isolation.vncDesktop() != null && platformSession != null
        && !isolation.vncDesktop().equals(platformSession);
  }
}
