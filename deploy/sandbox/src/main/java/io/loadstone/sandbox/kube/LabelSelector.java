package io.loadstone.sandbox.kube;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code labelSelector} query, with the grammar and matching rules of Kubernetes: comma-separated
 * requirements, each {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)},
 * {@code k}, {@code !k}, {@code k>n} or {@code k<n}. All requirements must hold. {@code !=} and {@code notin}
 * also match objects without the label, as in Kubernetes.
 */
final class LabelSelector {

  private static final LabelSelector EVERYTHING = new LabelSelector(List.of());
  private static final Pattern SET_TERM = Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$");
  private static final Pattern KEY =
      Pattern.compile("^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$");
  private static final Pattern VALUE = Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");

  private enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GREATER, LESS }

  private record Requirement(String key, Op op, Set<String> values) {
    boolean matches(JsonObject labels) {
      String actual = labels == null ? null : stringOrNull(labels.getValue(key));
      return switch (op) {
        case EQUALS, IN -> actual != null && values.contains(actual);
        case NOT_EQUALS, NOT_IN -> actual == null || !values.contains(actual);
        case EXISTS -> actual != null;
        case DOES_NOT_EXIST -> actual == null;
        case GREATER, LESS -> compareNumber(actual);
      };
    }

    private boolean compareNumber(String actual) {
      if (actual == null) {
        return false;
      }
      try {
        long have = Long.parseLong(actual);
        long limit = Long.parseLong(values.iterator().next());
        return op == Op.GREATER ? have > limit : have < limit;
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  static LabelSelector everything() {
    return EVERYTHING;
  }

  /** Parses a selector; {@code null} or blank selects everything. Throws a 400 {@link KubeApiException} if bad. */
  static LabelSelector parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> requirements = new ArrayList<>();
    for (String term : splitTopLevel(selector)) {
      requirements.add(parseTerm(term.trim(), selector));
    }
    return new LabelSelector(List.copyOf(requirements));
  }

  /**
   * The {@code key=value} pairs every selected object must carry (from {@code =}, {@code ==} and one-value
   * {@code in}), so the store can start from its label index instead of scanning the kind.
   */
  List<String> requiredPairs() {
    List<String> pairs = new ArrayList<>();
    for (Requirement r : requirements) {
      if ((r.op() == Op.EQUALS || r.op() == Op.IN) && r.values().size() == 1) {
        pairs.add(r.key() + "=" + r.values().iterator().next());
      }
    }
    return pairs;
  }

  boolean matches(JsonObject object) {
    if (requirements.isEmpty()) {
      return true;
    }
    JsonObject metadata = object.getJsonObject("metadata");
    JsonObject labels = metadata == null ? null : metadata.getJsonObject("labels");
    for (Requirement requirement : requirements) {
      if (!requirement.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  private static Requirement parseTerm(String term, String selector) {
    if (term.isEmpty()) {
      throw bad(selector, "empty requirement");
    }
    Matcher set = SET_TERM.matcher(term);
    if (set.matches()) {
      Set<String> values = new java.util.LinkedHashSet<>();
      for (String value : set.group(3).split(",", -1)) {
        values.add(value(value.trim(), selector));
      }
      return new Requirement(key(set.group(1), selector), "in".equals(set.group(2)) ? Op.IN : Op.NOT_IN,
          Set.copyOf(values));
    }
    if (term.startsWith("!")) {
      return new Requirement(key(term.substring(1).trim(), selector), Op.DOES_NOT_EXIST, Set.of());
    }
    int at;
    if ((at = term.indexOf("!=")) > 0) {
      return binary(term, at, 2, Op.NOT_EQUALS, selector);
    }
    if ((at = term.indexOf("==")) > 0) {
      return binary(term, at, 2, Op.EQUALS, selector);
    }
    if ((at = term.indexOf('=')) > 0) {
      return binary(term, at, 1, Op.EQUALS, selector);
    }
    if ((at = term.indexOf('>')) > 0) {
      return numeric(term, at, Op.GREATER, selector);
    }
    if ((at = term.indexOf('<')) > 0) {
      return numeric(term, at, Op.LESS, selector);
    }
    return new Requirement(key(term, selector), Op.EXISTS, Set.of());
  }

  private static Requirement binary(String term, int at, int width, Op op, String selector) {
    return new Requirement(key(term.substring(0, at).trim(), selector), op,
        Set.of(value(term.substring(at + width).trim(), selector)));
  }

  private static Requirement numeric(String term, int at, Op op, String selector) {
    String number = term.substring(at + 1).trim();
    try {
      Long.parseLong(number);
    } catch (NumberFormatException e) {
      throw bad(selector, "for 'gt', 'lt' operators, the value must be an integer");
    }
    return new Requirement(key(term.substring(0, at).trim(), selector), op, Set.of(number));
  }

  private static String key(String key, String selector) {
    if (key.length() > 316 || !KEY.matcher(key).matches()) {
      throw bad(selector, "invalid label key \"" + key + "\"");
    }
    return key;
  }

  private static String value(String value, String selector) {
    if (value.length() > 63 || !VALUE.matcher(value).matches()) {
      throw bad(selector, "invalid label value: \"" + value + "\"");
    }
    return value;
  }

  /** Splits on commas outside parentheses, so {@code a in (x,y),b} is two requirements. */
  private static List<String> splitTopLevel(String selector) {
    List<String> terms = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  private static KubeApiException bad(String selector, String why) {
    return KubeApiException.badRequest("unable to parse requirement: " + why + " in labelSelector \"" + selector
        + "\"");
  }

  private static String stringOrNull(Object value) {
    return value == null ? null : value.toString();
  }
}
