package io.loadstone.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadstone.common.time.Durations;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One mapping of a plan being read: typed getters that record a problem (with the field's full path) and return
 * null instead of throwing, so that one read finds every problem. Unknown keys are reported with a suggestion,
 * and a required field whose misspelling was already reported is not reported missing a second time.
 */
final class Section {
  final JsonNode node;
  final String path;
  final Problems problems;
  private final Set<String> suggested = new HashSet<>();

  Section(JsonNode node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Reports every key not in {@code known}, in document order. */
  void allowOnly(List<String> known) {
    allowOnly(known, Set.of());
  }

  /** Reports every key neither in {@code known} nor in {@code handledElsewhere}, in document order. */
  void allowOnly(List<String> known, Set<String> handledElsewhere) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key) && !handledElsewhere.contains(key)) {
        var hint = Suggestions.closest(key, known);
        hint.ifPresent(suggested::add);
        problems.add(path(key) + ": unknown field" + hint.map(k -> " (did you mean \"" + k + "\"?)")
            .orElse("; expected one of " + String.join(", ", known)));
      }
    }
  }

  boolean has(String key) {
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  JsonNode get(String key) {
    return node.get(key);
  }

  /** Reports a missing required field, unless an unknown key that looked like it was already reported. */
  void missing(String key, String expected) {
    if (!suggested.contains(key)) {
      problems.expected(path(key), expected, "nothing");
    }
  }

  /** A mapping child, or null (with a problem) if present but not a mapping; null without a problem if absent. */
  Section section(String key, String expected) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      problems.expected(path(key), expected, v);
      return null;
    }
    return new Section(v, path(key), problems);
  }

  String string(String key, String fallback) {
    JsonNode v = node.get(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      problems.expected(path(key), "a non-empty string", v);
      return null;
    }
    return v.asText().trim();
  }

  String requiredString(String key, String expected) {
    if (!has(key)) {
      missing(key, expected);
      return null;
    }
    JsonNode v = node.get(key);
    if (!v.isTextual() || v.asText().isBlank()) {
      problems.expected(path(key), expected, v);
      return null;
    }
    return v.asText().trim();
  }

  Boolean bool(String key, boolean fallback) {
    JsonNode v = node.get(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isBoolean()) {
      problems.expected(path(key), "true or false", v);
      return null;
    }
    return v.asBoolean();
  }

  /**
   * A duration such as {@code 30s}; {@code positive} rejects zero. Negative text ({@code -5s}) is named in the
   * message rather than reported as unparseable, because that is what the reader meant.
   */
  Duration duration(String key, Duration fallback, boolean positive) {
    JsonNode v = node.get(key);
    if (v == null) {
      return fallback;
    }
    String expected = positive ? "a positive duration like \"30s\"" : "a duration >= 0 like \"10s\"";
    if (!v.isTextual()) {
      problems.expected(path(key), expected, v);
      return null;
    }
    try {
      Duration d = Durations.parse(v.asText());
      if (positive && d.isZero()) {
        problems.expected(path(key), expected, v);
        return null;
      }
      return d;
    } catch (IllegalArgumentException e) {
      problems.expected(path(key), expected, v);
      return null;
    }
  }
}
