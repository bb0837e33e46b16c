package io.loadstone.common.plan.criteria;

import io.loadstone.common.phase.Phase;
import java.util.OptionalDouble;

/**
 * The measured values criteria are evaluated against; the orchestrator implements it over its merged
 * histograms and session outcomes once a run has finished.
 */
public interface MetricValues {
  /** Sessions the plan asked for. */
  long planned();

  /** Sessions that reached {@code phase}. */
  long reached(Phase phase);

  /**
   * A latency statistic of {@code phase} in milliseconds over the sessions that reached it, or empty if none did.
   * Called only with {@link Statistic#isLatency() latency} statistics.
   */
  OptionalDouble latencyMillis(Phase phase, Statistic statistic);

  /** A whole-run count. */
  long counter(Counter counter);

  /** Fraction (0 to 1) of planned sessions that reached {@code phase}; empty when none were planned. */
  default OptionalDouble rate(Phase phase) {
    long planned = planned();
    return planned == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) reached(phase) / planned);
  }
}
