package io.loadstone.orchestrator.report;

import io.loadstone.common.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Escaping and number formats for {@code report.md}. */
final class MarkdownText {
  static final String NONE = "—";
  static final String YES = "✅";
  static final String NO = "❌";
  private static final DateTimeFormatter WALL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);
  // '<' starts raw HTML in Markdown only before a letter, '/', '!' or '?'; "p95 < 30s" stays as written
  private static final Pattern HTML_START = Pattern.compile("<(?=[A-Za-z/!?])");

  private MarkdownText() {
  }

  /**
   * A table cell: {@code |} escaped (it would end the cell), backslashes doubled so the escape stays one,
   * line breaks as {@code <br>}, and no raw HTML; null is {@link #NONE}.
   */
  static String cell(String text) {
    if (text == null) {
      return NONE;
    }
    return lines(inline(text)).replace("|", "\\|");
  }

  /** Several lines in one table cell. */
  static String cellLines(List<String> lines) {
    return String.join("<br>", lines.stream().map(MarkdownText::cell).toList());
  }

  /** Text in a paragraph or list item: no raw HTML, one line. */
  static String text(String text) {
    return text == null ? NONE : inline(text).replaceAll("\\s*\\R\\s*", " ");
  }

  /** An identifier in a code span, with a longer fence when it contains backticks; null is {@link #NONE}. */
  static String code(String text) {
    if (text == null) {
      return NONE;
    }
    String fence = text.contains("`") ? "`` " : "`";
    String close = text.contains("`") ? " ``" : "`";
    return fence + text.replaceAll("\\s*\\R\\s*", " ") + close;
  }

  /** {@code 41.2 ms} below a second, {@code 6.123 s} from a second up; NaN or null is {@link #NONE}. */
  static String millis(Double ms) {
    if (ms != null && ms.isNaN()) {
      return "adopted";
    }
    if (ms == null || !Double.isFinite(ms)) {
      return NONE;
    }
    return ms < 1000 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.3f s", ms / 1000);
  }

  static String wall(Instant t) {
    return t == null ? NONE : WALL.format(t);
  }

  /** Whole seconds from a minute up, milliseconds below: {@code 3m2s}, {@code 12.5s}. */
  static String duration(Duration d) {
    Duration shown = d.compareTo(Duration.ofMinutes(1)) >= 0 ? Duration.ofSeconds(d.toSeconds())
        : Duration.ofMillis(d.toMillis());
    return Durations.format(shown);
  }

  static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  private static String inline(String text) {
    return HTML_START.matcher(text.replace("\\", "\\\\")).replaceAll("&lt;");
  }

  private static String lines(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", "<br>");
  }
}
