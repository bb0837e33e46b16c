package io.loadstone.common.plan.criteria;

import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.Suggestions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A metric a criterion can name: a phase ({@code podReady}, compared through a statistic), a phase's rate
 * ({@code running.rate}, a percentage) or a counter ({@code leaked}, a whole number). Exactly one of
 * {@code phase} and {@code counter} is set.
 *
 * @param name    as written in the plan
 * @param phase   the phase, or null for a counter
 * @param rate    true for {@code <phase>.rate}
 * @param counter the counter, or null for a phase
 */
public record Metric(String name, Phase phase, boolean rate, Counter counter) {
  /** Every valid metric name, phases first. */
  public static final List<String> NAMES = names();

  /**
   * @throws IllegalArgumentException {@code unknown metric (did you mean "podReady"?)} or, without a close name,
   *                                  the list of valid ones
   */
  public static Metric parse(String name) {
    Optional<Phase> phase = Phase.byId(name);
    if (phase.isPresent()) {
      return new Metric(name, phase.get(), false, null);
    }
    if (name.endsWith(".rate")) {
      Optional<Phase> ratePhase = Phase.byId(name.substring(0, name.length() - ".rate".length()));
      if (ratePhase.isPresent()) {
        return new Metric(name, ratePhase.get(), true, null);
      }
    }
    Optional<Counter> counter = Counter.byId(name);
    if (counter.isPresent()) {
      return new Metric(name, null, false, counter.get());
    }
    throw new IllegalArgumentException("unknown metric" + Suggestions.closest(name, NAMES)
        .map(n -> " (did you mean \"" + n + "\"?)")
        .orElse("; expected a phase (" + String.join(", ", Arrays.stream(Phase.values()).map(Phase::id).toList())
            + "), <phase>.rate, or a counter (" + String.join(", ", Arrays.stream(Counter.values()).map(Counter::id).toList()) + ")"));
  }

  public boolean isCounter() {
    return counter != null;
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
    return List.copyOf(names);
  }
}
