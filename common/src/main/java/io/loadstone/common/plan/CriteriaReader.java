package io.loadstone.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadstone.common.plan.criteria.Criterion;
import io.loadstone.common.plan.criteria.Metric;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads {@code criteria:}, a mapping of metric to one expression or a list of them, in plan order. */
final class CriteriaReader {
  private CriteriaReader() {
  }

  static List<Criterion> read(Section top) {
    Section c = top.section("criteria", "a mapping of metric to expressions like {podReady: [\"p95 < 30s\"]}");
    if (c == null) {
      return List.of();
    }
    List<Criterion> criteria = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = c.node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String path = c.path(entry.getKey());
      Metric metric;
      try {
        metric = Metric.parse(entry.getKey());
      } catch (IllegalArgumentException e) {
        c.problems.add(path + ": " + e.getMessage());
        continue;
      }
      JsonNode value = entry.getValue();
      if (value.isTextual()) {
        parse(metric, value, path, c.problems, criteria);
      } else if (value.isArray() && !value.isEmpty()) {
        for (int i = 0; i < value.size(); i++) {
          parse(metric, value.get(i), path + "[" + i + "]", c.problems, criteria);
        }
      } else {
        c.problems.expected(path, "a list of expressions like [" + example(metric) + "]", value);
      }
    }
    return criteria;
  }

  private static void parse(Metric metric, JsonNode expression, String path, Problems problems, List<Criterion> out) {
    if (!expression.isTextual()) {
      problems.expected(path, "an expression like " + example(metric), expression);
      return;
    }
    try {
      out.add(Criterion.parse(metric, expression.asText()));
    } catch (IllegalArgumentException e) {
      problems.add(path + ": " + e.getMessage());
    }
  }

  private static String example(Metric metric) {
    return metric.example();
  }
}
