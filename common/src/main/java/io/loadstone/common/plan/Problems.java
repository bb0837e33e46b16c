package io.loadstone.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Collects a plan's problems in the order found, each as {@code <path>: expected <what>, got <found>}. */
final class Problems {
  private final List<String> list = new ArrayList<>();

  void expected(String path, String expected, JsonNode found) {
    expected(path, expected, describe(found));
  }

  void expected(String path, String expected, String found) {
    add(path + ": expected " + expected + ", got " + found);
  }

  void add(String problem) {
    list.add(problem);
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  int size() {
    return list.size();
  }

  List<String> list() {
    return List.copyOf(list);
  }

  /** How a found value is shown: strings quoted, numbers and booleans as written, containers by kind. */
  static String describe(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return node.isEmpty() ? "an empty list" : "a list";
    }
    if (node.isTextual()) {
      return quote(node.asText());
    }
    return node.asText();
  }

  static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
