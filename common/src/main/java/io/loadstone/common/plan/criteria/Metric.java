package io.loadstone.common.plan.criteria;

import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.Suggestions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A metric a criterion can name, of one of five kinds: a phase ({@code podReady}, compared through a statistic), a
 * phase's rate ({@code running.rate}, a percentage), a counter ({@code leaked}, a whole number), an agent latency
 * ({@code agent.offlineDetected}, through a statistic like a phase, without {@code rate}) or a gauge
 * ({@code agents.variance}, a decimal number). Exactly one of {@code phase}, {@code counter}, {@code latency} and
 * {@code gauge} is set.
 *
 * @param name    as written in the plan
 * @param phase   the phase, or null
 * @param rate    true for {@code <phase>.rate}
 * @param counter the counter, or null
 * @param latency the agent latency, or null
 * @param gauge   the gauge, or null
 */
public record Metric(String name, Phase phase, boolean rate, Counter counter, AgentLatency latency, Gauge gauge) {
  /** Every valid metric name: phases, phase rates, counters, agent latencies, gauges. */
  public static final List<String> NAMES = names();

  /**
   * @throws IllegalArgumentException {@code unknown metric (did you mean "podReady"?)} or, without a close name,
   *                                  the list of valid ones
   */
  public static Metric parse(String name) {
    Optional<Phase> phase = Phase.byId(name);
    if (phase.isPresent()) {
      return new Metric(name, phase.get(), false, null, null, null);
    }
    if (name.endsWith(".rate")) {
      Optional<Phase> ratePhase = Phase.byId(name.substring(0, name.length() - ".rate".length()));
      if (ratePhase.isPresent()) {
        return new Metric(name, ratePhase.get(), true, null, null, null);
      }
    }
    Optional<Counter> counter = Counter.byId(name);
    if (counter.isPresent()) {
      return new Metric(name, null, false, counter.get(), null, null);
    }
    Optional<AgentLatency> latency = AgentLatency.byId(name);
    if (latency.isPresent()) {
      return new Metric(name, null, false, null, latency.get(), null);
    }
    Optional<Gauge> gauge = Gauge.byId(name);
    if (gauge.isPresent()) {
      return new Metric(name, null, false, null, null, gauge.get());
    }
    throw new IllegalArgumentException("unknown metric" + Suggestions.closest(name, NAMES)
        .map(n -> " (did you mean \"" + n + "\"?)")
        .orElse("; expected a phase (" + ids(Arrays.stream(Phase.values()).map(Phase::id).toList())
            + "), <phase>.rate, a counter (" + ids(Arrays.stream(Counter.values()).map(Counter::id).toList())
            + "), an agent latency (" + ids(Arrays.stream(AgentLatency.values()).map(AgentLatency::id).toList())
            + ") or a gauge (" + ids(Arrays.stream(Gauge.values()).map(Gauge::id).toList()) + ")"));
  }

  public boolean isCounter() {
    return counter != null;
  }

  /** An agent latency: compared through a statistic like a phase. */
  public boolean isAgentLatency() {
    return latency != null;
  }

  public boolean isGauge() {
    return gauge != null;
  }

  /** An expression that fits this metric, for messages: {@code "== 0"}, {@code "== 100%"}, ... */
  public String example() {
    if (isCounter()) {
      return "\"== 0\"";
    }
    if (isGauge()) {
      return "\"<= 1.5\"";
    }
    return rate ? "\"== 100%\"" : "\"p95 < 30s\"";
  }

  private static String ids(List<String> ids) {
    return String.join(", ", ids);
  }

  private static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Phase p : Phase.values()) {
      names.add(p.id());
    }
    for (Phase p : Phase.values()) {
      names.add(p.id() + ".rate");
    }
    for (Counter c : Counter.values()) {
      names.add(c.id());
    }
    for (AgentLatency l : AgentLatency.values()) {
      names.add(l.id());
    }
    for (Gauge g : Gauge.values()) {
      names.add(g.id());
    }
    return List.copyOf(names);
  }
}
