package io.loadstone.orchestrator.metrics;

import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.criteria.Counter;
import io.loadstone.common.plan.criteria.MetricValues;
import io.loadstone.common.plan.criteria.Statistic;
import io.loadstone.orchestrator.report.Counts;
import io.loadstone.orchestrator.report.ResourceKind;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/** The values criteria are evaluated against: the aggregator's histograms and the run's final counts. */
public final class RunMetrics implements MetricValues {
  private final PhaseAggregator phases;
  private final Counts counts;

  public RunMetrics(PhaseAggregator phases, Counts counts) {
    this.phases = phases;
    this.counts = counts;
  }

  @Override
  public long planned() {
    return counts.planned();
  }

  @Override
  public long reached(Phase phase) {
    return phases.count(phase);
  }

  @Override
  public OptionalDouble latencyMillis(Phase phase, Statistic statistic) {
    Histogram h = phases.histogram(phase);
    if (h.getTotalCount() == 0) {
      return OptionalDouble.empty();
    }
    double micros = switch (statistic) {
      case P50 -> h.getValueAtPercentile(50);
      case P90 -> h.getValueAtPercentile(90);
      case P95 -> h.getValueAtPercentile(95);
      case P99 -> h.getValueAtPercentile(99);
      case MAX -> h.getMaxValue();
      case MIN -> h.getMinValue();
      case MEAN -> h.getMean();
      case COUNT, RATE -> throw new IllegalArgumentException(statistic.id() + " is not a latency statistic");
    };
    return OptionalDouble.of(micros / 1000.0);
  }

  @Override
  public long counter(Counter counter) {
    return switch (counter) {
      case LEAKED -> counts.leaked();
      case FAILED -> counts.failed();
      case RETAINED -> counts.retainedTotal();
      case RETAINED_PVC -> counts.retained().get(ResourceKind.PVC);
      case RETAINED_SESSION_CR -> counts.retained().get(ResourceKind.SESSION_CR);
    };
  }
}
