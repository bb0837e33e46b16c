package io.loadstone.sandbox.kube;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code fieldSelector} query: comma-separated {@code path=value}, {@code path==value} or
 * {@code path!=value}, where path is a dotted field path ({@code metadata.name}, {@code status.phase},
 * {@code involvedObject.name}). A missing field reads as the empty string, as in Kubernetes.
 * <p>
 * Simplification: a real API server accepts only a fixed list of fields per kind and answers 400 for others; this
 * one accepts any scalar field of any kind.
 */
final class FieldSelector {

  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private record Requirement(String[] path, boolean equals, String value) {
    boolean matches(JsonObject object) {
      return equals == value.equals(read(object));
    }

    private String read(JsonObject object) {
      Object current = object;
      for (String part : path) {
        if (!(current instanceof JsonObject json)) {
          return "";
        }
        current = json.getValue(part);
      }
      if (current == null || current instanceof JsonObject || current instanceof io.vertx.core.json.JsonArray) {
        return "";
      }
      return current.toString();
    }
  }

  private final List<Requirement> requirements;

  private FieldSelector(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  static FieldSelector everything() {
    return EVERYTHING;
  }

  /** Parses a selector; {@code null} or blank selects everything. Throws a 400 {@link KubeApiException} if bad. */
  static FieldSelector parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> requirements = new ArrayList<>();
    for (String term : splitUnescaped(selector, ',')) {
      requirements.add(parseTerm(term.trim(), selector));
    }
    return new FieldSelector(List.copyOf(requirements));
  }

  /** The value this selector pins {@code metadata.name} to, or null; lets a watch on one object skip the rest. */
  String requiredName() {
    for (Requirement requirement : requirements) {
      if (requirement.equals && requirement.path.length == 2 && "metadata".equals(requirement.path[0])
          && "name".equals(requirement.path[1])) {
        return requirement.value;
      }
    }
    return null;
  }

  boolean matches(JsonObject object) {
    for (Requirement requirement : requirements) {
      if (!requirement.matches(object)) {
        return false;
      }
    }
    return true;
  }

  private static Requirement parseTerm(String term, String selector) {
    int at;
    boolean equals;
    int width;
    if ((at = indexOfUnescaped(term, "!=")) > 0) {
      equals = false;
      width = 2;
    } else if ((at = indexOfUnescaped(term, "==")) > 0) {
      equals = true;
      width = 2;
    } else if ((at = indexOfUnescaped(term, "=")) > 0) {
      equals = true;
      width = 1;
    } else {
      throw KubeApiException.badRequest("invalid field selector \"" + selector + "\": \"" + term
          + "\" is not of the form field=value, field==value or field!=value");
    }
    String field = term.substring(0, at).trim();
    if (field.isEmpty() || field.startsWith(".") || field.endsWith(".")) {
      throw KubeApiException.badRequest("invalid field selector \"" + selector + "\": bad field \"" + field + "\"");
    }
    return new Requirement(field.split("\\."), equals, unescape(term.substring(at + width).trim()));
  }

  private static List<String> splitUnescaped(String text, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        current.append(c).append(text.charAt(++i));
      } else if (c == separator) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }

  private static int indexOfUnescaped(String text, String token) {
    for (int i = 0; i <= text.length() - token.length(); i++) {
      if (text.charAt(i) == '\\') {
        i++;
      } else if (text.startsWith(token, i)) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        out.append(value.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
