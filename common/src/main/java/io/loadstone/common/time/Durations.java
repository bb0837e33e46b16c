package io.loadstone.common.time;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints the human durations used in plans and sandbox configs: {@code 250ms}, {@code 6s},
 * {@code 1.5s}, {@code 2m}, {@code 1h}, or a sum of them such as {@code 1m30s}. A bare number is rejected
 * on purpose: "30" could be seconds or milliseconds, and guessing wrong silently skews every timing.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h|d)");

  private Durations() {
  }

  /** @throws IllegalArgumentException with the offending text and the expected form */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("expected a duration like \"30s\" or \"250ms\", got nothing");
    }
    String s = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = PART.matcher(s);
    int at = 0;
    long nanos = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("expected a duration like \"30s\", \"1m30s\" or \"250ms\", got \"" + text + "\"");
      }
      double value = Double.parseDouble(m.group(1));
      nanos += (long) (value * unitNanos(m.group(2)));
      at = m.end();
    }
    return Duration.ofNanos(nanos);
  }

  private static double unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1;
      case "us" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      case "h" -> 3600e9;
      case "d" -> 86400e9;
      default -> throw new IllegalStateException(unit);
    };
  }

  /** Shortest readable form: {@code 6s}, {@code 250ms}, {@code 1m30s}, {@code 1.5s}. */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 0) {
      return "-" + format(d.negated());
    }
    if (nanos % 1_000_000 != 0) {
      return nanos < 1_000_000 ? (nanos / 1000) + "us" : trim(nanos / 1e6) + "ms";
    }
    long millis = nanos / 1_000_000;
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis % 1000 != 0 && millis < 60_000) {
      return trim(millis / 1000.0) + "s";
    }
    StringBuilder out = new StringBuilder();
    long h = millis / 3_600_000;
    long m = (millis / 60_000) % 60;
    double s = (millis % 60_000) / 1000.0;
    if (h > 0) {
      out.append(h).append('h');
    }
    if (m > 0) {
      out.append(m).append('m');
    }
    if (s > 0) {
      out.append(trim(s)).append('s');
    }
    return out.toString();
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.3f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
