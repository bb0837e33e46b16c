package io.loadstone.sandbox.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadstone.common.time.Durations;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads a {@link Distribution} from config: {@code "6s"} (fixed), {@code {fixed: 6s}},
 * {@code {min: 1s, max: 3s}} (uniform), {@code {median: 6s, p99: 20s}} (log-normal). Errors name the field.
 */
public final class DistributionParser {
  private DistributionParser() {
  }

  public static Distribution parse(String field, JsonNode node) {
    if (node == null || node.isNull()) {
      throw new ConfigException(field, "a duration or {median, p99} / {min, max} / {fixed}", "nothing");
    }
    if (node.isTextual()) {
      return Distribution.fixed(duration(field, node));
    }
    if (!node.isObject()) {
      throw new ConfigException(field, "a duration or {median, p99} / {min, max} / {fixed}", node.toString());
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!Set.of("fixed", "min", "max", "median", "p99", "kind").contains(name)) {
        throw new ConfigException(field + "." + name, "one of fixed, min, max, median, p99", "unknown field");
      }
    }
    if (node.has("fixed")) {
      return Distribution.fixed(duration(field + ".fixed", node.get("fixed")));
    }
    try {
      if (node.has("median")) {
        Duration median = duration(field + ".median", node.get("median"));
        Duration p99 = node.has("p99") ? duration(field + ".p99", node.get("p99")) : median;
        return Distribution.logNormal(median, p99);
      }
      if (node.has("min") || node.has("max")) {
        return Distribution.uniform(duration(field + ".min", node.get("min")), duration(field + ".max", node.get("max")));
      }
    } catch (IllegalArgumentException e) {
      if (e instanceof ConfigException) {
        throw e;
      }
      throw new ConfigException(field, "a consistent distribution", e.getMessage());
    }
    throw new ConfigException(field, "one of {fixed}, {min, max}, {median, p99}", node.toString());
  }

  static Duration duration(String field, JsonNode node) {
    if (node == null || !node.isTextual()) {
      throw new ConfigException(field, "a duration like \"6s\"", node == null ? "nothing" : node.toString());
    }
    try {
      Duration d = Durations.parse(node.asText());
      if (d.isNegative()) {
        throw new ConfigException(field, "a duration >= 0", node.asText());
      }
      return d;
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(field, "a duration like \"6s\" or \"250ms\"", "\"" + node.asText() + "\"");
    }
  }
}
