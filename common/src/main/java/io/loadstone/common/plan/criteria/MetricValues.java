package io.loadstone.common.plan.criteria;

import io.loadstone.common.phase.Phase;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The measured values criteria are evaluated against; the orchestrator implements it over its merged
 * histograms, session outcomes and agent observations once a run has finished. The agent methods default to "not
 * observed", which makes a criterion on them fail with "no data".
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

  /** False when {@code counter} was not measured (an agent counter in a run that did not watch the agents). */
  default boolean observed(Counter counter) {
    return !counter.needsAgentWatch();
  }

  /**
   * A latency statistic of an agent recovery time in milliseconds over the outages observed, or empty if there was
   * none (or the agents were not watched). Called only with latency statistics.
   */
  default OptionalDouble latencyMillis(AgentLatency latency, Statistic statistic) {
    return OptionalDouble.empty();
  }

  /** How many outages gave a value of {@code latency}; empty when the agents were not watched. */
  default OptionalLong count(AgentLatency latency) {
    return OptionalLong.empty();
  }

  /** A decimal whole-run figure, or empty when it is not known (no agent seen). */
  default OptionalDouble gauge(Gauge gauge) {
    return OptionalDouble.empty();
  }

  /** Fraction (0 to 1) of planned sessions that reached {@code phase}; empty when none were planned. */
  default OptionalDouble rate(Phase phase) {
    long planned = planned();
    return planned == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) reached(phase) / planned);
  }
}
