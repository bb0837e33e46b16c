package io.loadstone.worker.lifecycle;

import io.loadstone.common.message.Diagnosis;
import io.loadstone.common.phase.Phase;

/** A session failed at {@code phase}, with the diagnosis made from the evidence at that moment. */
final class PhaseFailure extends RuntimeException {
  private final Phase phase;
  private final Diagnosis diagnosis;

  PhaseFailure(Phase phase, Diagnosis diagnosis) {
    super("failed at " + phase.id() + (diagnosis == null ? "" : ": " + diagnosis.code()), null, false, false);
    this.phase = phase;
    this.diagnosis = diagnosis;
  }

  Phase phase() {
    return phase;
  }

  Diagnosis diagnosis() {
    return diagnosis;
  }
}
