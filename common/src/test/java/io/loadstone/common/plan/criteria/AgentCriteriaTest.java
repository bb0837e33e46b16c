package io.loadstone.common.plan.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loadstone.common.phase.Phase;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The agent metrics: recovery latencies, agent counters and the per-agent gauges, parsed and evaluated. */
class AgentCriteriaTest {
  /** Agent observations set by hand; {@code watched = false} is a run without the agent watch. */
  static final class Observed implements MetricValues {
    boolean watched = true;
    final Map<Counter, Long> counters = new EnumMap<>(Counter.class);
    final Map<AgentLatency, double[]> outages = new EnumMap<>(AgentLatency.class);
    final Map<Gauge, Double> gauges = new EnumMap<>(Gauge.class);

    @Override
    public long planned() {
      return 5;
    }

    @Override
    public long reached(Phase phase) {
      return 0;
    }

    @Override
    public OptionalDouble latencyMillis(Phase phase, Statistic statistic) {
      return OptionalDouble.empty();
    }

    @Override
    public long counter(Counter counter) {
      return counters.getOrDefault(counter, 0L);
    }

    @Override
    public boolean observed(Counter counter) {
      return watched || !counter.needsAgentWatch();
    }

    @Override
    public OptionalDouble latencyMillis(AgentLatency latency, Statistic statistic) {
      double[] values = outages.getOrDefault(latency, new double[0]);
      if (values.length == 0) {
        return OptionalDouble.empty();
      }
      return switch (statistic) {
        case MAX -> java.util.Arrays.stream(values).max();
        case MIN -> java.util.Arrays.stream(values).min();
        default -> OptionalDouble.of(values[values.length / 2]);
      };
    }

    @Override
    public OptionalLong count(AgentLatency latency) {
      return watched ? OptionalLong.of(outages.getOrDefault(latency, new double[0]).length) : OptionalLong.empty();
    }

    @Override
    public OptionalDouble gauge(Gauge gauge) {
      Double v = gauges.get(gauge);
      return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
  }

  private static Criterion parse(String metric, String expression) {
    return Criterion.parse(Metric.parse(metric), expression);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "agent.offlineDetected; p95 < 2m;     P95;   120000",
      "agent.reconnected;     max <= 30s;   MAX;   30000",
      "agent.reconnected;     count >= 1;   COUNT; 1",
      "agent.offlineDetected; mean > 250ms; MEAN;  250"})
  void agentLatenciesTakeAStatisticLikeAPhase(String metric, String expression, Statistic statistic, double threshold) {
    Criterion c = parse(metric, expression);
    assertThat(c.metric().isAgentLatency()).isTrue();
    assertThat(c.statistic()).isEqualTo(statistic);
    assertThat(c.threshold()).isEqualTo(threshold);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "creates.refused;      == 0",
      "commands.lost;        == 0",
      "sessions.survived;    >= 5",
      "sessions.notSurvived; == 0",
      "agent.outages;        <= 3",
      "agent.reconnects;     == 1"})
  void agentCountersCompareWholeNumbers(String metric, String expression) {
    Criterion c = parse(metric, expression);
    assertThat(c.metric().isCounter()).isTrue();
    assertThat(c.statistic()).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "agents.variance; <= 1.5;  1.5",
      "agents.variance; < 2;     2",
      "agents.spread;   <= 0.25; 0.25"})
  void gaugesCompareDecimals(String metric, String expression, double threshold) {
    Criterion c = parse(metric, expression);
    assertThat(c.metric().isGauge()).isTrue();
    assertThat(c.threshold()).isEqualTo(threshold);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "agent.reconnected|     rate >= 50%| expected a statistic (p50, p90, p95, p99, max, min, mean or count; agent.reconnected has no rate), got \"rate\"",
      "agent.reconnected|     < 30s|       expected a statistic (p50, p90, p95, p99, max, min, mean or count) before the operator, got \"< 30s\"",
      "agents.variance|       p95 < 2|     expected an operator (agents.variance takes no statistic), got \"p95\"",
      "agents.variance|       <= 1.5x|     expected a number like \"1.5\" after \"<=\", got \"1.5x\"",
      "agents.spread|         <=|          expected a number like \"1.5\" after \"<=\", got nothing",
      "commands.lost|         == 0.5|      expected a whole number like \"0\" after \"==\", got \"0.5\"",
      "agent.offlineDetected| p95 < 2|     expected a duration like \"30s\" after \"p95 <\", got \"2\""})
  void mistakesSayWhatWasExpected(String metric, String expression, String message) {
    assertThatThrownBy(() -> parse(metric, expression)).hasMessage(message);
  }

  @Test
  void unknownNamesSuggestTheClosestAgentMetric() {
    assertThatThrownBy(() -> Metric.parse("agent.reconected")).hasMessage("unknown metric (did you mean \"agent.reconnected\"?)");
    assertThatThrownBy(() -> Metric.parse("agents.varience")).hasMessage("unknown metric (did you mean \"agents.variance\"?)");
    assertThatThrownBy(() -> Metric.parse("sessions.survivd")).hasMessage("unknown metric (did you mean \"sessions.survived\"?)");
    assertThatThrownBy(() -> Metric.parse("zzzzzzzzzzzzzzzz")).hasMessageContaining("a gauge (agents.variance, agents.spread)");
    assertThat(Metric.parse("agents.spread").example()).isEqualTo("\"<= 1.5\"");
  }

  @Test
  void recoveryLatenciesEvaluateOverTheOutagesObserved() {
    Observed o = new Observed();
    o.outages.put(AgentLatency.OFFLINE_DETECTED, new double[] {612.5, 640.25, 1_800});
    assertThat(parse("agent.offlineDetected", "max < 2s").evaluate(o))
        .isEqualTo(new CriterionResult("agent.offlineDetected", "max < 2s", "1.8s", 1_800.0, true));
    assertThat(parse("agent.offlineDetected", "count == 3").evaluate(o).passed()).isTrue();
    assertThat(parse("agent.reconnected", "max < 2s").evaluate(o))
        .isEqualTo(new CriterionResult("agent.reconnected", "max < 2s", "no data: no agent outage was observed", null,
            false));
    assertThat(parse("agent.reconnected", "count == 0").evaluate(o).passed()).isTrue();
  }

  @Test
  void gaugesShowUpToThreeDecimalsAndCompareExactly() {
    Observed o = new Observed();
    o.gauges.put(Gauge.AGENTS_VARIANCE, 2.0 / 9);
    o.gauges.put(Gauge.AGENTS_SPREAD, 1.0);
    CriterionResult variance = parse("agents.variance", "<= 0.1").evaluate(o);
    assertThat(variance.actual()).isEqualTo("0.222");
    assertThat(variance.passed()).isFalse();
    assertThat(variance.actualValue()).isEqualTo(2.0 / 9);
    assertThat(parse("agents.spread", "<= 1").evaluate(o)).isEqualTo(
        new CriterionResult("agents.spread", "<= 1", "1", 1.0, true));
    assertThat(parse("agents.spread", "< 1").evaluate(o).passed()).isFalse();
  }

  @Test
  void withoutTheAgentWatchAgentMetricsHaveNoDataButRefusedCreatesStillCount() {
    Observed o = new Observed();
    o.watched = false;
    o.counters.put(Counter.CREATES_REFUSED, 2L);
    assertThat(parse("commands.lost", "== 0").evaluate(o))
        .isEqualTo(new CriterionResult("commands.lost", "== 0", "no data: the platform's agents were not watched", null,
            false));
    assertThat(parse("agent.reconnected", "count == 0").evaluate(o).actual())
        .isEqualTo("no data: the platform's agents were not watched");
    assertThat(parse("agents.variance", "<= 2").evaluate(o).actual()).isEqualTo("no data: no agent was seen");
    assertThat(parse("creates.refused", "== 2").evaluate(o).passed()).isTrue();
  }
}
