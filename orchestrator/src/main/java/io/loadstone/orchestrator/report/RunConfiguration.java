package io.loadstone.orchestrator.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadstone.common.plan.Check;
import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.Sessions;
import io.loadstone.common.plan.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The plan's settings as the run used them, for the report's configuration section. Holds no secrets: the plan's
 * target credentials and the sandbox's passwords are not part of it.
 *
 * @param sessions              count, user, template, resources and persistent home of every session
 * @param arrival               the arrival kind, e.g. {@code burst}
 * @param hold                  how long each session stayed running after its checks
 * @param checks                the checks run on each session, in plan order
 * @param timeouts              the per-phase deadlines
 * @param sandboxFaults         the embedded sandbox's faults in plan syntax, e.g.
 *                              {@code {kind: drop-start-command, count: 1}}; empty against a platform
 * @param apiStatePollInterval  how often the API state was polled, or null when it was not polled
 */
public record RunConfiguration(Sessions sessions, String arrival, Duration hold, List<Check> checks, Timeouts timeouts,
                               List<String> sandboxFaults, Duration apiStatePollInterval) {
  public RunConfiguration {
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(hold, "hold");
    Objects.requireNonNull(timeouts, "timeouts");
    checks = List.copyOf(checks);
    sandboxFaults = List.copyOf(sandboxFaults);
  }

  /** The configuration of {@code plan}; {@code apiStatePollInterval} is null when the API state is not polled. */
  public static RunConfiguration of(Plan plan, Duration apiStatePollInterval) {
    List<String> faults = new ArrayList<>();
    if (plan.sandbox() != null) {
      JsonNode list = plan.sandbox().config().get("faults");
      if (list != null && list.isArray()) {
        list.forEach(f -> faults.add(flow(f)));
      }
    }
    return new RunConfiguration(plan.sessions(), plan.arrival().kind(), plan.hold(), plan.checks(), plan.timeouts(),
        faults, apiStatePollInterval);
  }

  /** YAML flow style, as a person writes a fault in a plan: {@code {kind: slow-pods, delay: {median: 40s}}}. */
  private static String flow(JsonNode node) {
    if (node.isObject()) {
      List<String> parts = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        parts.add(e.getKey() + ": " + flow(e.getValue()));
      }
      return "{" + String.join(", ", parts) + "}";
    }
    if (node.isArray()) {
      List<String> parts = new ArrayList<>();
      node.forEach(n -> parts.add(flow(n)));
      return "[" + String.join(", ", parts) + "]";
    }
    return node.asText();
  }
}
