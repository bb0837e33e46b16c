package io.loadstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped failover plans (StreamSpace's Tests 2.1, 2.2, 3.1, 3.2, 3.3), each end to end on the embedded sandbox
 * with its timings scaled down: on the plain sandbox each gives the verdict StreamSpace's code would, and with the
 * matching fault the diagnosis that names it.
 */
class FailoverPlansTest {
  /** the plans' real durations, scaled like the fast sandbox's timings */
  private static final Map<String, String> FAST = Map.of("for: 10s}", "for: 1s}", "for: 30s}", "for: 3s}",
      "for: 60s}", "for: 3s}", "cleanedUp: 60s}", "cleanedUp: 5s}");

  private static Arguments row(String name, String plan, Map<String, String> changes, int exit, String sessionCode,
                               String agentIssue) {
    Map<String, String> all = new LinkedHashMap<>();
    FAST.forEach((k, v) -> all.put(k, v));
    all.putAll(changes);
    return Arguments.of(name, plan, all, exit, sessionCode, agentIssue);
  }

  static Stream<Arguments> matrix() {
    String stuckFirst = "steps:\n  - {after: running, timeout: 180s, do: agent-status-stuck-offline, agent: k8s-agent-1}\n";
    return Stream.of(
        row("2.1 plain", "test-2.1-single-agent-load.yaml", Map.of(), 0, null, null),
        row("2.2 plain", "test-2.2-multi-agent-balancing.yaml", Map.of(), 0, null, null),
        row("2.2 one agent never online", "test-2.2-multi-agent-balancing.yaml", Map.of("  agents: 3\n",
            "  agents: 3\n  faults: [{kind: agent-status-stuck-offline, agent: k8s-agent-1}]\n"), 1, null,
            "unbalanced-agents"),
        row("3.1 plain", "test-3.1-agent-disconnection.yaml", Map.of(), 0, null, null),
        row("3.1 stuck offline", "test-3.1-agent-disconnection.yaml", Map.of("steps:\n", stuckFirst), 1,
            "agent-stuck-offline", null),
        row("3.1 crash loop", "test-3.1-agent-disconnection.yaml", Map.of("steps:\n",
            "steps:\n  - {after: running, timeout: 180s, do: agent-crash-loop, agent: k8s-agent-1, period: 1s}\n"), 1,
            null, "agent-crash"),
        row("3.2 plain", "test-3.2-command-retry.yaml", Map.of(), 1, "command-lost-while-agent-down", null),
        row("3.2 redelivery", "test-3.2-command-retry.yaml", Map.of("  agents: 1\n",
            "  agents: 1\n  redeliverCommands: true\n"), 0, null, null),
        row("3.3 plain", "test-3.3-heartbeat-health.yaml", Map.of(), 0, null, "agent-heartbeat-timeout"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  @Timeout(120)
  void shippedPlanGivesItsVerdictAndDiagnosis(String name, String planName, Map<String, String> changes, int exit,
                                              String sessionCode, String agentIssue, @TempDir Path tmp)
      throws Exception {
    Map<String, String> applicable = new LinkedHashMap<>();
    String text = Files.readString(Path.of("..", "plans", planName));
    changes.forEach((k, v) -> {
      if (text.contains(k)) {
        applicable.put(k, v);
      }
    });
    Path plan = RunPlans.fast(tmp, planName, applicable);
    Path dir = tmp.resolve("out");
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));

    int code = cl.execute("run", plan.toString(), "--out", dir.toString());

    JsonObject results = new JsonObject(Files.readString(dir.resolve("results.json")));
    String report = Files.readString(dir.resolve("report.md"));
    assertThat(code).as(name + ": " + results.getJsonArray("criteria").encodePrettily() + "\n"
        + results.getJsonArray("steps").encodePrettily()).isEqualTo(exit);
    List<String> codes = results.getJsonArray("sessions").stream().map(JsonObject.class::cast)
        .map(s -> s.getJsonObject("diagnosis")).filter(d -> d != null).map(d -> d.getString("code")).toList();
    List<String> issues = results.getJsonArray("agentIssues").stream().map(JsonObject.class::cast)
        .map(i -> i.getString("code")).toList();
    if (sessionCode != null) {
      assertThat(codes).as(name).contains(sessionCode);
      assertThat(report).contains(sessionCode);
    } else if (exit == 0) {
      assertThat(codes).as(name).isEmpty();
    }
    if (agentIssue != null) {
      assertThat(issues).as(name).contains(agentIssue);
      assertThat(report).contains(agentIssue);
    }
    assertThat(report).contains("## Agents");
  }
}
