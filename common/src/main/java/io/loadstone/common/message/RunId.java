package io.loadstone.common.message;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A run's id, e.g. {@code 20261124-131502-a3f9}: sortable by start time, unique enough to tag everything a run
 * creates on a platform ({@code loadstone-run=<id>}) and to name its output folder. Valid as a Kubernetes label value.
 */
public record RunId(String value) {
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final SecureRandom RANDOM = new SecureRandom();

  public RunId {
    if (value == null || !FORM.matcher(value).matches()) {
      throw new IllegalArgumentException("run id: expected 1-63 letters, digits, '-', '_' or '.' starting and ending "
          + "with a letter or digit, got " + (value == null ? "nothing" : "\"" + value + "\""));
    }
  }

  public static RunId generate() {
    byte[] suffix = new byte[2];
    RANDOM.nextBytes(suffix);
    return new RunId(ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + "-" + HexFormat.of().formatHex(suffix));
  }

  @Override
  public String toString() {
    return value;
  }
}
