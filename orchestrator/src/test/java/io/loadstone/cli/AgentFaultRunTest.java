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

/** The sandbox's agent-level faults (l4-sandbox) caught by a run with the right diagnosis. */
class AgentFaultRunTest {
  @Test
  @Timeout(40)
  void anAgentKeptOfflineAfterItReconnectsIsSeenHeartbeatingWhileListedOffline(@TempDir Path tmp) throws Exception {
    AgentRuns runs = new AgentRuns();
    Path plan = runs.plan(tmp, "agents-stuck", 2, "2500ms", "5s", "200ms", "", """
          sessions.survived: ["== 2"]
          agent.reconnects: ["== 0"]
        """);
    Path dir = tmp.resolve("out");
    var exit = runs.start("run", plan.toString(), "--out", dir.toString());
    runs.awaitRunning(dir, 2);
    runs.fault("{kind: agent-status-stuck-offline, agent: k8s-agent-1}");
    runs.fault("{kind: agent-disconnect, agent: k8s-agent-1, for: 300ms}");

    assertThat(exit.get(35, TimeUnit.SECONDS)).as(runs.err + Files.readString(dir.resolve("report.md"))).isZero();
    JsonObject agent = objects(AgentRuns.results(dir).getJsonArray("agents")).get(0);
    assertThat(agent.getString("finalStatus")).isEqualTo("offline");
    assertThat(objects(agent.getJsonArray("timeline"))).extracting(e -> e.getString("event"))
        .anyMatch(e -> e.startsWith("offline detected (disconnect"))
        .anyMatch(e -> e.startsWith("reconnected (lastHeartbeat advanced to ") && e.endsWith("while listed offline)"));
    JsonObject outage = objects(agent.getJsonArray("outages")).get(0);
    assertThat(outage.getValue("reconnectMs")).as("never listed online again").isNull();
  }

  @Test
  @Timeout(40)
  void aDroppedConnectionIsADisconnectNotAHeartbeatTimeoutAndSessionsSurviveIt(@TempDir Path tmp) throws Exception {
    AgentRuns runs = new AgentRuns();
    Path plan = runs.plan(tmp, "agents-disconnect", 2, "2500ms", "5s", "400ms", "", """
          agent.outages: ["== 1"]
          agent.reconnects: ["== 1"]
          sessions.survived: ["== 2"]
        """);
    Path dir = tmp.resolve("out");
    var exit = runs.start("run", plan.toString(), "--out", dir.toString());
    runs.awaitRunning(dir, 2);
    runs.fault("{kind: agent-disconnect, agent: k8s-agent-1, for: 500ms}");

    assertThat(exit.get(35, TimeUnit.SECONDS)).as(runs.err + Files.readString(dir.resolve("report.md"))).isZero();
    JsonObject results = AgentRuns.results(dir);
    JsonObject outage = objects(objects(results.getJsonArray("agents")).get(0).getJsonArray("outages")).get(0);
    assertThat(outage.getString("kind")).isEqualTo("disconnect");
    assertThat(results.getJsonArray("agentIssues")).isEmpty();
  }
}
