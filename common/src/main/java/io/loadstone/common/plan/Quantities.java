package io.loadstone.common.plan;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities as sessions use them: memory in bytes with a binary or decimal suffix
 * ({@code 512Mi}, {@code 2Gi}, {@code 1G}, {@code 1073741824}) and CPU in cores or millicores ({@code 1},
 * {@code 0.5}, {@code 250m}). Deliberately narrower than the API server, which would also take {@code 512m} of
 * memory (half a byte: always a typo for {@code 512Mi}) or {@code 1k} CPUs.
 */
public final class Quantities {
  private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|[eE]\\d+)?");
  private static final Pattern CPU = Pattern.compile("(\\d+(?:\\.\\d+)?)(m)?");
  // what people write by habit, and what they meant
  private static final Pattern HABIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmMgGtT])(?:i?[bB])?");
  private static final Map<String, BigDecimal> SUFFIX = Map.ofEntries(
      Map.entry("", BigDecimal.ONE),
      Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("M", BigDecimal.TEN.pow(6)), Map.entry("G", BigDecimal.TEN.pow(9)),
      Map.entry("T", BigDecimal.TEN.pow(12)), Map.entry("P", BigDecimal.TEN.pow(15)), Map.entry("E", BigDecimal.TEN.pow(18)),
      Map.entry("Ki", BigDecimal.valueOf(2).pow(10)), Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
      Map.entry("Gi", BigDecimal.valueOf(2).pow(30)), Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
      Map.entry("Pi", BigDecimal.valueOf(2).pow(50)), Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

  private Quantities() {
  }

  /** Bytes, or empty if {@code text} is not a memory quantity. */
  public static Optional<BigDecimal> memoryBytes(String text) {
    Matcher m = MEMORY.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    BigDecimal number = new BigDecimal(m.group(1));
    String suffix = m.group(2) == null ? "" : m.group(2);
    if (suffix.matches("[eE]\\d+")) {
      return Optional.of(number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))));
    }
    return Optional.of(number.multiply(SUFFIX.get(suffix)));
  }

  /** Cores, or empty if {@code text} is not a CPU quantity. */
  public static Optional<BigDecimal> cpuCores(String text) {
    Matcher m = CPU.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    BigDecimal number = new BigDecimal(m.group(1));
    return Optional.of(m.group(2) == null ? number : number.movePointLeft(3));
  }

  /** For a memory value written out of habit ({@code 512MB}, {@code 512m}, {@code 2gb}): what was meant. */
  static Optional<String> memoryHint(String text) {
    Matcher m = HABIT.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(m.group(1) + m.group(2).toUpperCase(java.util.Locale.ROOT) + "i");
  }
}
