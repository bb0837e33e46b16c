package io.loadstone.orchestrator.metrics;

import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.criteria.AgentLatency;
import io.loadstone.common.plan.criteria.Counter;
import io.loadstone.common.plan.criteria.Gauge;
import io.loadstone.common.plan.criteria.MetricValues;
import io.loadstone.common.plan.criteria.Statistic;
import io.loadstone.orchestrator.agents.AgentFindings;
import io.loadstone.orchestrator.report.Counts;
import io.loadstone.orchestrator.report.PhaseStats;
import io.loadstone.orchestrator.report.ResourceKind;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;

/**
 * The values criteria are evaluated against: the aggregator's histograms, the run's final counts and what the agent
 * watch found (agent metrics have no data when the agents were not watched).
 */
public final class RunMetrics implements MetricValues {
  private final PhaseAggregator phases;
  private final Counts counts;
  private final AgentFindings agents;

  public RunMetrics(PhaseAggregator phases, Counts counts, AgentFindings agents) {
    this.phases = phases;
    this.counts = counts;
    this.agents = agents;
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
      case CREATES_REFUSED, COMMANDS_LOST, SESSIONS_SURVIVED, SESSIONS_NOT_SURVIVED, AGENT_OUTAGES, AGENT_RECONNECTS,
          SESSIONS_PLACED_OFFLINE ->
          agents.counter(counter);
    };
  }

  @Override
  public boolean observed(Counter counter) {
    return !counter.needsAgentWatch() || agents.watched();
  }

  @Override
  public OptionalDouble latencyMillis(AgentLatency latency, Statistic statistic) {
    List<Double> values = agents.millis(latency);
    if (!agents.watched() || values.isEmpty()) {
      return OptionalDouble.empty();
    }
    PhaseStats s = PhaseStats.ofMillis(values);
    return OptionalDouble.of(switch (statistic) {
      case P50 -> s.p50();
      case P90 -> s.p90();
      case P95 -> s.p95();
      case P99 -> s.p99();
      case MAX -> s.max();
      case MIN -> values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      case MEAN -> values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      case COUNT, RATE -> throw new IllegalArgumentException(statistic.id() + " is not a latency statistic");
    });
  }

  @Override
  public OptionalLong count(AgentLatency latency) {
    return agents.watched() ? OptionalLong.of(agents.millis(latency).size()) : OptionalLong.empty();
  }

  @Override
  public OptionalDouble gauge(Gauge gauge) {
    return agents.gauge(gauge);
  }
}
