package io.loadstone.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads who a plan's sessions belong to: {@code user: admin}, or {@code users:} as a list of names or as
 * {@code {prefix: load-, count: 20}} ({@code load-01} ... {@code load-20}). A user name goes into the platform's
 * session ids and Kubernetes object names ({@code <user>-<template>-<8 hex>}) and into the {@code user} label, so it
 * must be a lower-case DNS label.
 */
final class UsersReader {
  static final int MAX_USERS = 10_000;
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final String NAME_RULE = "a lower-case name (letters, digits and '-', at most 63, starting and "
      + "ending with a letter or digit)";
  private static final String USERS_SHAPE = "a list of user names like [alice, bob] or a mapping like "
      + "{prefix: load-, count: 20}";

  private UsersReader() {
  }

  /** The users, or null (with a problem) if they were given wrongly. */
  static List<String> read(Section s, String fallback) {
    boolean one = s.has("user");
    boolean many = s.has("users");
    if (one && many) {
      s.problems.add(s.path("users") + ": give either user or users, not both");
      return null;
    }
    if (!many) {
      String user = s.string("user", fallback);
      if (user == null) {
        return null;
      }
      if (one && !NAME.matcher(user).matches()) {
        s.problems.expected(s.path("user"), NAME_RULE, Problems.quote(user));
        return null;
      }
      return List.of(user);
    }
    JsonNode node = s.get("users");
    if (node.isArray() && !node.isEmpty()) {
      return listed(s, node);
    }
    if (node.isObject()) {
      return generated(new Section(node, s.path("users"), s.problems));
    }
    s.problems.expected(s.path("users"), USERS_SHAPE, node);
    return null;
  }

  private static List<String> listed(Section s, JsonNode node) {
    if (node.size() > MAX_USERS) {
      s.problems.expected(s.path("users"), "at most " + MAX_USERS + " users", node.size() + "");
      return null;
    }
    Set<String> users = new LinkedHashSet<>();
    boolean ok = true;
    for (int i = 0; i < node.size(); i++) {
      JsonNode v = node.get(i);
      String path = s.path("users") + "[" + i + "]";
      if (!v.isTextual() || !NAME.matcher(v.asText()).matches()) {
        s.problems.expected(path, NAME_RULE, v);
        ok = false;
      } else if (!users.add(v.asText())) {
        s.problems.add(path + ": " + Problems.quote(v.asText()) + " is already in the list");
        ok = false;
      }
    }
    return ok ? List.copyOf(users) : null;
  }

  private static List<String> generated(Section g) {
    g.allowOnly(List.of("prefix", "count"));
    String prefix = g.requiredString("prefix", "a name prefix like \"load-\"");
    JsonNode c = g.get("count");
    Integer count = null;
    if (c == null || c.isNull()) {
      g.missing("count", "an integer from 1 to " + MAX_USERS);
    } else if (!c.canConvertToInt() || !c.isIntegralNumber() || c.intValue() < 1 || c.intValue() > MAX_USERS) {
      g.problems.expected(g.path("count"), "an integer from 1 to " + MAX_USERS, c);
    } else {
      count = c.intValue();
    }
    if (prefix == null || count == null) {
      return null;
    }
    int width = String.valueOf(count).length();
    List<String> users = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      users.add(prefix + String.format("%0" + width + "d", i));
    }
    String last = users.get(users.size() - 1);
    if (!NAME.matcher(last).matches() || !NAME.matcher(users.get(0)).matches()) {
      g.problems.expected(g.path("prefix"), "a prefix that makes " + NAME_RULE, Problems.quote(prefix)
          + " (which makes " + Problems.quote(last) + ")");
      return null;
    }
    return List.copyOf(users);
  }
}
