package io.loadstone.common.plan.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loadstone.common.phase.Phase;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CriterionTest {
  /** Values as the orchestrator will provide them, set by hand. */
  static final class Measured implements MetricValues {
    long planned = 5;
    final Map<Phase, Long> reached = new EnumMap<>(Phase.class);
    final Map<Phase, Map<Statistic, Double>> latency = new EnumMap<>(Phase.class);
    final Map<Counter, Long> counters = new EnumMap<>(Counter.class);

    Measured latency(Phase phase, Statistic statistic, double ms) {
      latency.computeIfAbsent(phase, p -> new EnumMap<>(Statistic.class)).put(statistic, ms);
      return this;
    }

    @Override
    public long planned() {
      return planned;
    }

    @Override
    public long reached(Phase phase) {
      return reached.getOrDefault(phase, 0L);
    }

    @Override
    public OptionalDouble latencyMillis(Phase phase, Statistic statistic) {
      Double ms = latency.getOrDefault(phase, Map.of()).get(statistic);
      return ms == null ? OptionalDouble.empty() : OptionalDouble.of(ms);
    }

    @Override
    public long counter(Counter counter) {
      return counters.getOrDefault(counter, 0L);
    }
  }

  private static Criterion parse(String metric, String expression) {
    return Criterion.parse(Metric.parse(metric), expression);
  }

  @Test
  void parsesEveryFormOfTheGrammar() {
    assertThat(parse("running.rate", "== 100%")).isEqualTo(
        new Criterion(Metric.parse("running.rate"), "== 100%", Statistic.RATE, Operator.EQ, 1.0));
    assertThat(parse("podReady", "p95 < 30s")).isEqualTo(
        new Criterion(Metric.parse("podReady"), "p95 < 30s", Statistic.P95, Operator.LT, 30_000.0));
    assertThat(parse("cleanedUp", "max < 30s").statistic()).isEqualTo(Statistic.MAX);
    assertThat(parse("leaked", "== 0")).isEqualTo(new Criterion(Metric.parse("leaked"), "== 0", null, Operator.EQ, 0));
    assertThat(parse("tunnelUp.rate", ">= 99.5%").threshold()).isEqualTo(0.995);
    assertThat(parse("podReady", "p50 <= 2s").operator()).isEqualTo(Operator.LE);
    assertThat(parse("running", "count == 5")).isEqualTo(
        new Criterion(Metric.parse("running"), "count == 5", Statistic.COUNT, Operator.EQ, 5));
    assertThat(parse("running", "rate >= 80%").statistic()).isEqualTo(Statistic.RATE);
    assertThat(parse("provisioned", "mean>250ms").threshold()).isEqualTo(250.0);
    assertThat(parse("created", "  min != 1.5s ").expression()).isEqualTo("min != 1.5s");
    assertThat(parse("retained.sessionCr", "<= 5").metric().counter()).isEqualTo(Counter.RETAINED_SESSION_CR);
  }

  @Test
  void everyMetricNameParses() {
    assertThat(Metric.NAMES).hasSize(7 + 7 + 12 + 2 + 2).contains("cleanedUp.rate", "retained.pvc",
        "agent.offlineDetected", "agents.variance", "sessions.notSurvived");
    for (String name : Metric.NAMES) {
      assertThat(Metric.parse(name).name()).isEqualTo(name);
    }
    assertThatThrownBy(() -> Metric.parse("podready.rat")).hasMessage("unknown metric (did you mean \"podReady.rate\"?)");
  }

  @Test
  void emptyExpressionShowsAnExampleForTheMetricKind() {
    assertThatThrownBy(() -> parse("leaked", " ")).hasMessage("expected an expression like \"== 0\", got \"\"");
    assertThatThrownBy(() -> parse("running.rate", "")).hasMessage("expected an expression like \"== 100%\", got \"\"");
    assertThatThrownBy(() -> parse("podReady", "p95 <")).hasMessage("expected a duration like \"30s\" after \"p95 <\", got nothing");
  }

  @Test
  void latencyBoundaryIsExactToTheMillisecond() {
    Criterion c = parse("podReady", "p95 < 30s");
    assertThat(c.evaluate(new Measured().latency(Phase.POD_READY, Statistic.P95, 29_999.0)))
        .isEqualTo(new CriterionResult("podReady", "p95 < 30s", "29.999s", 29_999.0, true));
    assertThat(c.evaluate(new Measured().latency(Phase.POD_READY, Statistic.P95, 30_000.0)))
        .isEqualTo(new CriterionResult("podReady", "p95 < 30s", "30s", 30_000.0, false));
    assertThat(parse("podReady", "p95 <= 30s").evaluate(new Measured().latency(Phase.POD_READY, Statistic.P95, 30_000.0)).passed())
        .isTrue();
  }

  @Test
  void subSecondLatenciesShowMilliseconds() {
    CriterionResult r = parse("tunnelUp", "p50 <= 250ms").evaluate(new Measured().latency(Phase.TUNNEL_UP, Statistic.P50, 12.3456));
    assertThat(r.actual()).isEqualTo("12.346ms");
    assertThat(r.passed()).isTrue();
  }

  @Test
  void latencyWithoutDataFailsAndSaysWhy() {
    CriterionResult r = parse("podReady", "p95 < 30s").evaluate(new Measured());
    assertThat(r).isEqualTo(new CriterionResult("podReady", "p95 < 30s", "no data: no session reached podReady", null, false));
  }

  @Test
  void rateComparesTheFractionOfPlannedSessions() {
    Measured m = new Measured();
    m.reached.put(Phase.RUNNING, 4L);
    CriterionResult r = parse("running.rate", "== 100%").evaluate(m);
    assertThat(r).isEqualTo(new CriterionResult("running.rate", "== 100%", "80% (4 of 5)", 0.8, false));
    m.reached.put(Phase.RUNNING, 5L);
    assertThat(parse("running.rate", "== 100%").evaluate(m).passed()).isTrue();
    assertThat(parse("running.rate", "== 100%").evaluate(m).actual()).isEqualTo("100% (5 of 5)");
  }

  @Test
  void rateBoundaryHoldsAtExactlyTheThreshold() {
    Measured m = new Measured();
    m.planned = 200;
    m.reached.put(Phase.RUNNING, 199L);
    assertThat(parse("running.rate", ">= 99.5%").evaluate(m).passed()).isTrue();
    assertThat(parse("running.rate", "> 99.5%").evaluate(m).passed()).isFalse();
    assertThat(parse("running.rate", ">= 99.5%").evaluate(m).actual()).isEqualTo("99.5% (199 of 200)");
    m.reached.put(Phase.RUNNING, 198L);
    assertThat(parse("running.rate", ">= 99.5%").evaluate(m).passed()).isFalse();
  }

  @Test
  void rateWithNothingPlannedHasNoData() {
    Measured m = new Measured();
    m.planned = 0;
    assertThat(parse("running.rate", "== 100%").evaluate(m).actual()).isEqualTo("no data: no sessions were planned");
  }

  @Test
  void countersAndCountsCompareWholeNumbers() {
    Measured m = new Measured();
    m.counters.put(Counter.LEAKED, 1L);
    m.reached.put(Phase.RUNNING, 5L);
    assertThat(parse("leaked", "== 0").evaluate(m)).isEqualTo(new CriterionResult("leaked", "== 0", "1", 1.0, false));
    assertThat(parse("leaked", "<= 1").evaluate(m).passed()).isTrue();
    assertThat(parse("running", "count == 5").evaluate(m).passed()).isTrue();
    assertThat(parse("running", "count > 5").evaluate(m).passed()).isFalse();
    assertThat(parse("retained.pvc", "!= 0").evaluate(m).passed()).isFalse();
  }
}
