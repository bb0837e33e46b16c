package io.loadstone.cli;

import static io.loadstone.cli.AgentRuns.objects;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loadstone run} with the agent watch, against the embedded sandbox: an agent whose heartbeats stall mid-run,
 * one that keeps coming back, sessions spread over three agents; the report, results.json and junit.xml parts.
 */
class AgentRunTest {
  @Test
  @Timeout(40)
  void aStallMidRunIsAHeartbeatTimeoutAndTheRunningSessionsSurviveIt(@TempDir Path tmp) throws Exception {
    AgentRuns runs = new AgentRuns();
    Path plan = runs.plan(tmp, "agents-stall", 3, "2500ms", "5s", "400ms", "", """
          running.rate: ["== 100%"]
          agent.reconnects: ["== 1"]
          agent.outages: ["== 1"]
          agent.offlineDetected: ["count == 1", "max < 2s"]
          agent.reconnected: ["max < 3s"]
          sessions.survived: ["== 3"]
          sessions.notSurvived: ["== 0"]
          commands.lost: ["== 0"]
          creates.refused: ["== 0"]
          agents.variance: ["== 0"]
        """);
    Path dir = tmp.resolve("out");
    var exit = runs.start("run", plan.toString(), "--out", dir.toString());
    runs.awaitRunning(dir, 3);
    runs.fault("{kind: heartbeat-stall, agent: k8s-agent-1, for: 900ms}");

    assertThat(exit.get(35, TimeUnit.SECONDS)).as(runs.err.toString() + Files.readString(dir.resolve("report.md")))
        .isZero();
    JsonObject results = AgentRuns.results(dir);
    JsonObject agent = objects(results.getJsonArray("agents")).get(0);
    assertThat(agent.getString("id")).isEqualTo("k8s-agent-1");
    assertThat(agent.getLong("sessions")).isEqualTo(3);
    assertThat(agent.getString("finalStatus")).isEqualTo("online");
    assertThat(objects(agent.getJsonArray("timeline"))).extracting(e -> e.getString("event"))
        .anyMatch(e -> e.startsWith("first seen"))
        .anyMatch(e -> e.startsWith("offline detected (heartbeat-timeout"))
        .anyMatch(e -> e.startsWith("online again"));
    JsonObject outage = objects(agent.getJsonArray("outages")).get(0);
    assertThat(outage.getString("kind")).isEqualTo("heartbeat-timeout");
    assertThat(outage.getString("cause")).isEqualTo("last seen online");
    assertThat(outage.getDouble("reconnectMs")).isGreaterThan(outage.getDouble("detectMs"));
    JsonObject issue = objects(results.getJsonArray("agentIssues")).get(0);
    assertThat(issue.getString("code")).isEqualTo("agent-heartbeat-timeout");
    assertThat(issue.getString("agent")).isEqualTo("k8s-agent-1");
    assertThat(issue.getJsonArray("evidence").encode()).contains("old by the platform's own updatedAt");
    assertThat(results.getJsonObject("counts").getLong("sessionsSurvived")).isEqualTo(3);
    assertThat(results.getJsonObject("counts").getJsonObject("sessionsPerAgent").getLong("k8s-agent-1")).isEqualTo(3);

    String report = Files.readString(dir.resolve("report.md"));
    assertThat(report).contains("## Agents", "### Recovery", "### Timeline", "### Agent issues",
        "| `k8s-agent-1` | 3 | online | 1 |", "**agent-heartbeat-timeout**", "3 survived (same pod, completed)");
    assertThat(Files.readString(dir.resolve("junit.xml")))
        .contains("classname=\"agents-stall.agents\" name=\"agent-heartbeat-timeout k8s-agent-1\"");
  }

  @Test
  @Timeout(40)
  void anAgentThatKeepsComingBackIsACrash(@TempDir Path tmp) throws Exception {
    AgentRuns runs = new AgentRuns();
    Path plan = runs.plan(tmp, "agents-crash", 1, "3s", "5s", "200ms", "", """
          agent.reconnects: [">= 2"]
        """);
    Path dir = tmp.resolve("out");
    var exit = runs.start("run", plan.toString(), "--out", dir.toString());
    runs.awaitRunning(dir, 1);
    runs.fault("{kind: heartbeat-stall, agent: k8s-agent-1, for: 2200ms}");

    assertThat(exit.get(35, TimeUnit.SECONDS)).as(runs.err.toString()).isZero();
    JsonObject results = AgentRuns.results(dir);
    assertThat(objects(results.getJsonArray("agentIssues"))).extracting(i -> i.getString("code"))
        .contains("agent-crash", "agent-heartbeat-timeout");
    JsonObject crash = objects(results.getJsonArray("agentIssues")).stream()
        .filter(i -> i.getString("code").equals("agent-crash")).findFirst().orElseThrow();
    assertThat(crash.getJsonArray("evidence").getString(0)).endsWith("offline -> online cycles during the run:");
    assertThat(objects(results.getJsonArray("agents")).get(0).getLong("reconnects")).isGreaterThanOrEqualTo(2);
  }

  @Test
  @Timeout(40)
  void sessionsSpreadOverThreeAgentsBeyondThePlansBoundAreUnbalanced(@TempDir Path tmp) throws Exception {
    AgentRuns runs = new AgentRuns();
    Path plan = runs.plan(tmp, "agents-spread", 5, "0s", "5s", "50ms", "  agents: 3\n", """
          agents.variance: ["<= 0.1"]
          agents.spread: ["<= 1"]
        """);
    Path dir = tmp.resolve("out");

    assertThat(runs.start("run", plan.toString(), "--out", dir.toString()).get(35, TimeUnit.SECONDS))
        .as(runs.err.toString()).isEqualTo(1);
    JsonObject results = AgentRuns.results(dir);
    JsonObject perAgent = results.getJsonObject("counts").getJsonObject("sessionsPerAgent");
    assertThat(perAgent.fieldNames()).containsExactlyInAnyOrder("k8s-agent-1", "k8s-agent-2", "k8s-agent-3");
    assertThat(perAgent.stream().map(e -> ((Number) e.getValue()).longValue()).toList())
        .containsExactlyInAnyOrder(2L, 2L, 1L);
    assertThat(results.getJsonObject("counts").getDouble("agentsVariance")).isEqualTo(0.222);
    List<JsonObject> criteria = objects(results.getJsonArray("criteria"));
    assertThat(criteria.get(0).getString("actualText")).isEqualTo("0.222");
    assertThat(criteria.get(0).getBoolean("passed")).isFalse();
    assertThat(criteria.get(1).getBoolean("passed")).isTrue();
    JsonObject issue = objects(results.getJsonArray("agentIssues")).get(0);
    assertThat(issue.getString("code")).isEqualTo("unbalanced-agents");
    assertThat(issue.getJsonArray("evidence").encode())
        .contains("above 0.1 (the plan's criterion agents.variance <= 0.1)");
  }
}
