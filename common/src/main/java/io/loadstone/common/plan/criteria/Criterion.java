package io.loadstone.common.plan.criteria;

import io.loadstone.common.phase.Phase;
import io.loadstone.common.time.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One pass/fail condition of a plan, such as {@code podReady: p95 < 30s}. The grammar:
 * <pre>
 * expression := [statistic] operator value
 * statistic  := p50 | p90 | p95 | p99 | max | min | mean | count | rate   (phases and agent latencies only, and
 *               required there; agent latencies have no rate)
 * operator   := == | != | &lt; | &lt;= | &gt; | &gt;=
 * value      := duration ("30s", latency statistics) | percentage ("99.5%", rates) | whole number (counts)
 *               | decimal number ("1.5", gauges)
 * </pre>
 * A rate metric ({@code running.rate}), the counters and the gauges take no statistic.
 *
 * @param metric     what is measured
 * @param expression the expression as written (trimmed)
 * @param statistic  the statistic ({@link Statistic#RATE} for {@code <phase>.rate}); null for counters and gauges
 * @param operator   the comparison
 * @param threshold  the value compared against: milliseconds for latencies, a fraction from 0 to 1 for rates,
 *                   a whole number for counts, a decimal for gauges
 */
public record Criterion(Metric metric, String expression, Statistic statistic, Operator operator, double threshold) {
  private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
  private static final Pattern OPERATOR = Pattern.compile("==|!=|<=|>=|=<|=>|<|>|=");
  private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");
  private static final Pattern WHOLE = Pattern.compile("\\d{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("\\d{1,15}(?:\\.\\d{1,9})?");
  private static final String OPERATORS = "==, !=, <, <=, > or >=";
  private static final String STATISTICS = "p50, p90, p95, p99, max, min, mean, count or rate";
  private static final String AGENT_STATISTICS = "p50, p90, p95, p99, max, min, mean or count";

  /**
   * Parses one expression for {@code metric}.
   *
   * @throws IllegalArgumentException {@code expected <what>, got <found>}, without a field path (the caller adds it)
   */
  public static Criterion parse(Metric metric, String expression) {
    String text = expression.trim();
    if (text.isEmpty()) {
      throw expected("an expression like " + example(metric), "\"\"");
    }
    Matcher word = WORD.matcher(text);
    String statisticText = word.lookingAt() ? word.group() : null;
    String rest = statisticText == null ? text : text.substring(word.end()).stripLeading();
    Statistic statistic;
    if (metric.isCounter() || metric.rate() || metric.isGauge()) {
      if (statisticText != null) {
        throw expected("an operator (" + metric.name() + " takes no statistic)", quote(statisticText));
      }
      statistic = metric.rate() ? Statistic.RATE : null;
    } else if (statisticText == null) {
      throw expected("a statistic (" + (metric.isAgentLatency() ? AGENT_STATISTICS : STATISTICS)
          + ") before the operator", quote(text));
    } else if (metric.isAgentLatency()) {
      statistic = Statistic.byId(statisticText).filter(st -> st != Statistic.RATE).orElseThrow(() -> expected(
          "a statistic (" + AGENT_STATISTICS + "; " + metric.name() + " has no rate)", quote(statisticText)));
    } else {
      statistic = Statistic.byId(statisticText).orElseThrow(() -> expected("a statistic (" + STATISTICS + ")", quote(statisticText)));
    }
    Matcher op = OPERATOR.matcher(rest);
    String after = statisticText == null ? "" : " after \"" + statisticText + "\"";
    if (!op.lookingAt()) {
      throw expected("an operator (" + OPERATORS + ")" + after, rest.isEmpty() ? "nothing" : quote(rest));
    }
    Operator operator = switch (op.group()) {
      case "=" -> throw expected("an operator (" + OPERATORS + ")", "\"=\" (did you mean \"==\"?)");
      case "=<" -> throw expected("an operator (" + OPERATORS + ")", "\"=<\" (did you mean \"<=\"?)");
      case "=>" -> throw expected("an operator (" + OPERATORS + ")", "\"=>\" (did you mean \">=\"?)");
      default -> Operator.bySymbol(op.group()).orElseThrow();
    };
    String valueText = rest.substring(op.end()).trim();
    String prefix = " after \"" + (statisticText == null ? "" : statisticText + " ") + operator.symbol() + "\"";
    String found = valueText.isEmpty() ? "nothing" : quote(valueText);
    double threshold;
    if (statistic != null && statistic.isLatency()) {
      threshold = millis(valueText).orElseThrow(() -> expected("a duration like \"30s\"" + prefix, found));
    } else if (statistic == Statistic.RATE) {
      Matcher m = PERCENT.matcher(valueText);
      BigDecimal percent = m.matches() ? new BigDecimal(m.group(1)) : null;
      if (percent == null || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw expected("a percentage from 0% to 100% like \"100%\"" + prefix, found);
      }
      threshold = percent.doubleValue() / 100.0;
    } else if (metric.isGauge()) {
      if (!DECIMAL.matcher(valueText).matches()) {
        throw expected("a number like \"1.5\"" + prefix, found);
      }
      threshold = new BigDecimal(valueText).doubleValue();
    } else {
      if (!WHOLE.matcher(valueText).matches()) {
        throw expected("a whole number like \"" + (metric.isCounter() ? "0" : "5") + "\"" + prefix, found);
      }
      threshold = Long.parseLong(valueText);
    }
    return new Criterion(metric, text, statistic, operator, threshold);
  }

  /** Compares the measured value with the threshold; no data (no session reached the phase) fails. */
  public CriterionResult evaluate(MetricValues values) {
    if (metric.isCounter()) {
      if (!values.observed(metric.counter())) {
        return noData("the platform's agents were not watched");
      }
      long n = values.counter(metric.counter());
      return result(Long.toString(n), n, 0);
    }
    if (metric.isGauge()) {
      OptionalDouble value = values.gauge(metric.gauge());
      return value.isEmpty() ? noData("no agent was seen")
          : result(decimal(value.getAsDouble()), value.getAsDouble(), 1e-9);
    }
    if (metric.isAgentLatency()) {
      return agentLatency(values);
    }
    Phase phase = metric.phase();
    return switch (statistic) {
      case RATE -> {
        OptionalDouble rate = values.rate(phase);
        if (rate.isEmpty()) {
          yield noData("no sessions were planned");
        }
        yield result(percent(rate.getAsDouble()) + " (" + values.reached(phase) + " of " + values.planned() + ")",
            rate.getAsDouble(), 1e-9);
      }
      case COUNT -> {
        long n = values.reached(phase);
        yield result(Long.toString(n), n, 0);
      }
      default -> {
        OptionalDouble ms = values.latencyMillis(phase, statistic);
        if (ms.isEmpty()) {
          yield noData("no session reached " + phase.id());
        }
        yield result(formatMillis(ms.getAsDouble()), ms.getAsDouble(), 1e-6);
      }
    };
  }

  private CriterionResult agentLatency(MetricValues values) {
    java.util.OptionalLong count = values.count(metric.latency());
    if (count.isEmpty()) {
      return noData("the platform's agents were not watched");
    }
    if (statistic == Statistic.COUNT) {
      return result(Long.toString(count.getAsLong()), count.getAsLong(), 0);
    }
    OptionalDouble ms = values.latencyMillis(metric.latency(), statistic);
    return ms.isEmpty() ? noData("no agent outage was observed")
        : result(formatMillis(ms.getAsDouble()), ms.getAsDouble(), 1e-6);
  }

  @Override
  public String toString() {
    return metric.name() + ": " + expression;
  }

  private CriterionResult result(String display, double actual, double tolerance) {
    return new CriterionResult(metric.name(), expression, display, actual, operator.test(actual, threshold, tolerance));
  }

  private CriterionResult noData(String why) {
    return new CriterionResult(metric.name(), expression, "no data: " + why, null, false);
  }

  private static OptionalDouble millis(String text) {
    if (text.isEmpty()) {
      return OptionalDouble.empty();
    }
    try {
      return OptionalDouble.of(Durations.parse(text).toNanos() / 1e6);
    } catch (IllegalArgumentException e) {
      return OptionalDouble.empty();
    }
  }

  /** {@code 6.123s} from a second up, {@code 12.345ms} below: readable, and exact to the microsecond. */
  static String formatMillis(double ms) {
    Duration d = ms >= 1000 ? Duration.ofMillis(Math.round(ms)) : Duration.ofNanos(Math.round(ms * 1000) * 1000);
    return Durations.format(d);
  }

  /** Up to three decimals, no trailing zeros: {@code 0.222}, {@code 2}. */
  static String decimal(double value) {
    return String.format(Locale.ROOT, "%.3f", value).replaceAll("\\.?0+$", "");
  }

  static String percent(double fraction) {
    String s = String.format(Locale.ROOT, "%.2f", fraction * 100).replaceAll("\\.?0+$", "");
    return s + "%";
  }

  private static String example(Metric metric) {
    return metric.example();
  }

  private static IllegalArgumentException expected(String what, String found) {
    return new IllegalArgumentException("expected " + what + ", got " + found);
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }
}
