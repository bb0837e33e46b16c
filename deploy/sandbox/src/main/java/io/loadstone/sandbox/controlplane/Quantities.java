package io.loadstone.sandbox.controlplane;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 500m}, {@code 1.5}, {@code 2Gi}, {@code 1e9}) and the platform's bounds on a
 * session's request: CPU 100m..64000m, memory 128Mi..512Gi. Errors carry the platform's wording, which becomes the
 * message of a 400 {@code Invalid resource request}.
 */
final class Quantities {
  private static final Pattern FORMAT = Pattern.compile("([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?");
  private static final Map<String, BigDecimal> SUFFIX = Map.ofEntries(
      Map.entry("", BigDecimal.ONE),
      Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")), Map.entry("m", new BigDecimal("1e-3")),
      Map.entry("k", new BigDecimal("1e3")), Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
      Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")), Map.entry("E", new BigDecimal("1e18")),
      Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
      Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
      Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

  private Quantities() {
  }

  /** @throws IllegalArgumentException with the platform's message */
  static BigDecimal parse(String text) {
    // the length cap keeps a hostile 1 MiB number from costing seconds of BigDecimal arithmetic
    Matcher m = FORMAT.matcher(text == null || text.length() > 64 ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid resource quantity: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }
    BigDecimal number = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
    String suffix = m.group(2) == null ? "" : m.group(2);
    if (suffix.startsWith("e") || suffix.startsWith("E")) {
      String digits = suffix.substring(1).replace("+", "");
      boolean negative = digits.startsWith("-");
      String magnitude = negative ? digits.substring(1) : digits;
      // far beyond any bound checked here; clamping avoids building huge numbers
      int exponent = magnitude.length() > 3 ? 40 : Math.min(40, Integer.parseInt(magnitude));
      return number.scaleByPowerOfTen(negative ? -exponent : exponent);
    }
    return number.multiply(SUFFIX.get(suffix));
  }

  /** Validates a session's cpu and memory as the platform's quota enforcer does. */
  static void validateRequest(String cpu, String memory) {
    long milliCpu;
    try {
      milliCpu = parse(cpu).movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("CPU request too high: maximum 64000m");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid CPU quantity: " + e.getMessage());
    }
    if (milliCpu < 100) {
      throw new IllegalArgumentException("CPU request too low: minimum 100m");
    }
    if (milliCpu > 64000) {
      throw new IllegalArgumentException("CPU request too high: maximum 64000m");
    }
    BigDecimal mebibytes;
    try {
      mebibytes = parse(memory).setScale(0, RoundingMode.CEILING).divide(BigDecimal.valueOf(1L << 20), 0, RoundingMode.FLOOR);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid memory quantity: " + e.getMessage());
    }
    if (mebibytes.compareTo(BigDecimal.valueOf(128)) < 0) {
      throw new IllegalArgumentException("memory request too low: minimum 128Mi");
    }
    if (mebibytes.compareTo(BigDecimal.valueOf(524288)) > 0) {
      throw new IllegalArgumentException("memory request too high: maximum 512Gi");
    }
  }
}
