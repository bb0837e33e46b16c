package io.loadstone.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loadstone.common.time.Durations;
import java.util.List;

/**
 * Reads {@code sandbox:}. Here only its shape is checked (a mapping, known keys, the {@code podReady} shorthand,
 * faults as a list of {@code {kind, ...}}, {@code redeliverCommands} a boolean); then, if that is right, the {@link SandboxCheck} checks every value
 * with the sandbox's own rules, so a problem is never reported twice.
 */
final class SandboxReader {
  private static final List<String> DISTRIBUTION_KEYS = List.of("median", "p99", "min", "max", "fixed");
  private static final String DISTRIBUTION = "a duration like \"6s\" or a distribution {median, p99} / {min, max} / {fixed}";

  private SandboxReader() {
  }

  static SandboxBlock read(Section top, SandboxCheck check) {
    boolean hasTarget = top.node.has("target");
    if (!top.node.has("sandbox")) {
      return hasTarget ? null : SandboxBlock.defaults();
    }
    if (hasTarget) {
      top.problems.expected("sandbox", "either target (a real platform) or sandbox (the embedded one)", "both");
      return null;
    }
    JsonNode node = top.get("sandbox");
    if (node.isNull()) {
      return SandboxBlock.defaults();
    }
    Section s = top.section("sandbox", "a mapping of sandbox settings like {agents: 1, podReady: 6s}");
    if (s == null) {
      return null;
    }
    int before = s.problems.size();
    s.allowOnly(SandboxBlock.KEYS);
    ObjectNode config = node.deepCopy();
    boolean shorthand = config.has("podReady");
    if (shorthand) {
      distribution(s, "podReady", config.get("podReady"));
      JsonNode pods = config.get("pods");
      if (pods != null && pods.has("readyDelay")) {
        s.problems.expected(s.path("podReady"), "either podReady or pods.readyDelay", "both");
      } else if (pods == null || pods.isObject()) {
        config.withObject("pods").set("readyDelay", config.get("podReady"));
      }
      config.remove("podReady");
    }
    faults(s);
    JsonNode redeliver = s.get("redeliverCommands");
    if (redeliver != null && !redeliver.isBoolean()) {
      s.problems.expected(s.path("redeliverCommands"), "true or false", redeliver);
    }
    if (s.problems.size() > before) {
      return null;
    }
    for (String problem : check.problems(config)) {
      String field = shorthand && problem.startsWith("pods.readyDelay") ? "podReady" + problem.substring("pods.readyDelay".length())
          : problem;
      s.problems.add("sandbox." + field);
    }
    return new SandboxBlock(config);
  }

  private static void distribution(Section s, String key, JsonNode value) {
    String path = s.path(key);
    if (value.isTextual()) {
      duration(s, path, value);
      return;
    }
    if (!value.isObject()) {
      s.problems.expected(path, DISTRIBUTION, value);
      return;
    }
    Section d = new Section(value, path, s.problems);
    d.allowOnly(DISTRIBUTION_KEYS);
    boolean any = false;
    for (String k : DISTRIBUTION_KEYS) {
      if (value.has(k)) {
        any = true;
        duration(s, d.path(k), value.get(k));
      }
    }
    if (!any && value.isEmpty()) {
      s.problems.expected(path, DISTRIBUTION, "an empty mapping");
    }
  }

  private static void duration(Section s, String path, JsonNode value) {
    try {
      if (value.isTextual()) {
        Durations.parse(value.asText());
        return;
      }
    } catch (IllegalArgumentException e) {
      // reported below with what was found
    }
    s.problems.expected(path, "a duration like \"6s\"", value);
  }

  private static void faults(Section s) {
    JsonNode faults = s.get("faults");
    if (faults == null || faults.isNull()) {
      return;
    }
    String example = "{kind: drop-start-command, count: 1}";
    if (!faults.isArray()) {
      s.problems.expected(s.path("faults"), "a list of faults like [" + example + "]", faults);
      return;
    }
    for (int i = 0; i < faults.size(); i++) {
      JsonNode fault = faults.get(i);
      String path = s.path("faults") + "[" + i + "]";
      if (!fault.isObject()) {
        s.problems.expected(path, "a fault like " + example, fault);
      } else if (!fault.has("kind") || !fault.get("kind").isTextual()) {
        s.problems.expected(path + ".kind", "a fault kind like \"drop-start-command\"", fault.get("kind"));
      }
    }
  }
}
