package io.loadstone.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsJsonWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ResultsJsonWriter writer = new ResultsJsonWriter();

  private JsonNode parse(RunReport report) throws Exception {
    return JSON.readTree(writer.render(report));
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void topLevelHasTheIssueShapeInOrderThenExtras() throws Exception {
    JsonNode root = parse(SeedRun.failedRun());
    assertThat(fields(root)).startsWith("schema", "run", "plan", "verdict", "exitCode", "startedAt", "finishedAt",
        "target", "sessions", "phases", "criteria", "counts");
    assertThat(root.get("schema").isInt()).isTrue();
    assertThat(root.get("schema").asInt()).isEqualTo(1);
    assertThat(root.get("run").asText()).isEqualTo("20251122-052300-a3f9");
    assertThat(root.get("plan").asText()).isEqualTo("test-1.3-lost-start");
    assertThat(root.get("verdict").asText()).isEqualTo("failed");
    assertThat(root.get("exitCode").isInt()).isTrue();
    assertThat(root.get("exitCode").asInt()).isEqualTo(1);
    assertThat(root.get("startedAt").asText()).isEqualTo("2025-11-22T05:23:00Z");
    assertThat(root.get("finishedAt").asText()).isEqualTo("2025-11-22T05:24:12.500Z");
    assertThat(root.get("target").get("kind").asText()).isEqualTo("sandbox");
    assertThat(root.get("target").get("api").asText()).isEqualTo(SeedRun.API);
    assertThat(root.get("error").isNull()).isTrue();
    assertThat(root.get("planFile").asText()).endsWith("test-1.3-lost-start.yaml");
  }

  @Test
  void failedSessionCarriesPhaseDiagnosisAndEvidence() throws Exception {
    JsonNode s = parse(SeedRun.failedRun()).get("sessions").get(0);
    assertThat(fields(s)).startsWith("id", "attempts", "worker", "agent", "outcome", "failedPhase", "diagnosis",
        "phases", "isolation");
    assertThat(s.get("id").asText()).isEqualTo("s0001");
    assertThat(s.get("attempts").isInt()).isTrue();
    assertThat(s.get("worker").asText()).isEqualTo("node-1");
    assertThat(s.get("agent").asText()).isEqualTo(SeedRun.AGENT);
    assertThat(s.get("outcome").asText()).isEqualTo("failed");
    assertThat(s.get("failedPhase").asText()).isEqualTo("provisioned");
    assertThat(s.get("diagnosis").get("code").asText()).isEqualTo("start-command-lost");
    List<String> evidence = new ArrayList<>();
    s.get("diagnosis").get("evidence").forEach(e -> evidence.add(e.asText()));
    assertThat(evidence).isEqualTo(SeedRun.LOST_EVIDENCE);
    assertThat(fields(s.get("phases"))).containsExactly("created", "terminated", "cleanedUp");
    assertThat(s.get("isolation").isNull()).isTrue();
    assertThat(s.get("platformSession").asText()).isEqualTo(SeedRun.LOST);
  }

  @Test
  void completedSessionHasNullDiagnosisEveryPhaseAndIsolation() throws Exception {
    JsonNode s = parse(SeedRun.failedRun()).get("sessions").get(1);
    assertThat(s.get("outcome").asText()).isEqualTo("completed");
    assertThat(s.get("failedPhase").isNull()).isTrue();
    assertThat(s.get("diagnosis").isNull()).isTrue();
    assertThat(fields(s.get("phases"))).containsExactly("created", "provisioned", "podReady", "running", "tunnelUp",
        "terminated", "cleanedUp");
    assertThat(s.get("phases").get("podReady").isDouble()).isTrue();
    assertThat(s.get("phases").get("podReady").asDouble()).isEqualTo(6_123.456);
    JsonNode iso = s.get("isolation");
    assertThat(iso.get("ownObjects").isBoolean()).isTrue();
    assertThat(iso.get("ownObjects").asBoolean()).isTrue();
    assertThat(iso.get("limitsMatch").asBoolean()).isTrue();
    assertThat(iso.get("vncDesktop").asText()).isEqualTo("admin-firefox-browser-a77bb39b");
  }

  @Test
  void phaseStatisticsAreMillisecondsWithFractions() throws Exception {
    JsonNode phases = parse(SeedRun.failedRun()).get("phases");
    assertThat(fields(phases)).containsExactly("created", "provisioned", "podReady", "running", "tunnelUp",
        "terminated", "cleanedUp");
    JsonNode podReady = phases.get("podReady");
    assertThat(fields(podReady)).containsExactly("count", "p50", "p90", "p95", "p99", "max");
    assertThat(podReady.get("count").asLong()).isEqualTo(4);
    // HdrHistogram keeps 3 significant digits: within 0.1% of the recorded 7840.125 ms and 15480.5 ms
    assertThat(podReady.get("p50").asDouble()).isBetween(7_840.125, 7_840.125 * 1.001);
    assertThat(podReady.get("max").asDouble()).isBetween(15_480.5, 15_480.5 * 1.001);
    assertThat(podReady.get("p50").asDouble() % 1).isNotZero();
  }

  @Test
  void phaseNobodyReachedHasCountZeroAndNullStatistics() throws Exception {
    JsonNode running = parse(SeedRun.erroredRun()).get("phases").get("running");
    assertThat(running.get("count").asLong()).isZero();
    assertThat(running.get("p95").isNull()).isTrue();
    assertThat(running.get("max").isNull()).isTrue();
  }

  @Test
  void criteriaHaveMetricExpressionNumericActualAndPassed() throws Exception {
    JsonNode criteria = parse(SeedRun.failedRun()).get("criteria");
    assertThat(criteria).hasSize(4);
    JsonNode rate = criteria.get(0);
    assertThat(fields(rate)).startsWith("metric", "expression", "actual", "passed");
    assertThat(rate.get("metric").asText()).isEqualTo("running.rate");
    assertThat(rate.get("expression").asText()).isEqualTo("== 100%");
    assertThat(rate.get("actual").asDouble()).isEqualTo(0.8);
    assertThat(rate.get("passed").isBoolean()).isTrue();
    assertThat(rate.get("passed").asBoolean()).isFalse();
    assertThat(rate.get("actualText").asText()).isEqualTo("80% (4 of 5)");
    assertThat(criteria.get(1).get("passed").asBoolean()).isTrue();
    assertThat(criteria.get(3).get("actual").isIntegralNumber()).isTrue();
  }

  @Test
  void countsHaveEveryCounterAndRetainedPerKind() throws Exception {
    JsonNode counts = parse(SeedRun.failedRun()).get("counts");
    assertThat(fields(counts)).containsExactly("planned", "created", "running", "failed", "cleanedUp", "leaked",
        "retained");
    assertThat(counts.get("planned").asLong()).isEqualTo(5);
    assertThat(counts.get("created").asLong()).isEqualTo(5);
    assertThat(counts.get("running").asLong()).isEqualTo(4);
    assertThat(counts.get("failed").asLong()).isEqualTo(1);
    assertThat(counts.get("cleanedUp").asLong()).isEqualTo(5);
    assertThat(counts.get("leaked").isIntegralNumber()).isTrue();
    assertThat(counts.get("leaked").asLong()).isZero();
    assertThat(counts.get("retained").get("pvc").asLong()).isZero();
    assertThat(counts.get("retained").get("sessionCr").asLong()).isEqualTo(5);
  }

  @Test
  void erroredRunSaysErrorWithItsLineAndNoSessions() throws Exception {
    JsonNode root = parse(SeedRun.erroredRun());
    assertThat(root.get("verdict").asText()).isEqualTo("error");
    assertThat(root.get("exitCode").asInt()).isEqualTo(3);
    assertThat(root.get("error").asText()).isEqualTo(
        "platform unreachable: https://streamspace.example.com (connection refused)");
    assertThat(root.get("target").get("kind").asText()).isEqualTo("platform");
    assertThat(root.get("sessions")).isEmpty();
    assertThat(root.get("criteria")).isEmpty();
  }

  @Test
  void configurationRecordsPollingAndFaults() throws Exception {
    JsonNode c = parse(SeedRun.failedRun()).get("configuration");
    assertThat(c.get("apiStatePollMillis").asLong()).isEqualTo(250);
    assertThat(c.get("sandboxFaults").get(0).asText()).isEqualTo("{kind: drop-start-command, count: 1}");
    assertThat(c.get("timeoutsMillis").get("provisioned").asLong()).isEqualTo(30_000);
    assertThat(c.get("sessions").get("resources").get("memory").asText()).isEqualTo("512Mi");
  }
}
