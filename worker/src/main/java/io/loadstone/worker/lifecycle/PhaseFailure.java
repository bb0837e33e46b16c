package io.loadstone.worker.lifecycle;

import io.loadstone.common.message.Diagnosis;
import io.loadstone.common.phase.Phase;
import io.loadstone.worker.platform.PlatformException;

/** A session failed at {@code phase}, with the diagnosis made from the evidence at that moment. */
final class PhaseFailure extends RuntimeException {
  private final Phase phase;
  private final Diagnosis diagnosis;

  PhaseFailure(Phase phase, Diagnosis diagnosis) {
    super("failed at " + phase.id() + (diagnosis == null ? "" : ": " + diagnosis.code()), null, false, false);
    this.phase = phase;
    this.diagnosis = diagnosis;
  }

  /** {@code cause} as a failure: itself, or an {@code api-error} at created (the only step that fails otherwise). */
  static PhaseFailure of(Throwable cause) {
    if (cause instanceof PhaseFailure f) {
      return f;
    }
    if (cause instanceof PlatformException p) {
      return new PhaseFailure(Phase.CREATED, Evidence.apiError(p.operation(), p, 0));
    }
    return new PhaseFailure(Phase.CREATED, new Diagnosis("api-error", java.util.List.of("unexpected: " + cause)));
  }

  Phase phase() {
    return phase;
  }

  Diagnosis diagnosis() {
    return diagnosis;
  }
}
