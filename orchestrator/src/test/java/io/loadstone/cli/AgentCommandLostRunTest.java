package io.loadstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delete accepted while the session's agent is away (its heartbeats stalled, the hub dropped it, it reconnects
 * only after 3 s): the platform fails the stop command at once and never sends it again, so the objects outlive the
 * agent's return and the session is diagnosed {@code command-lost-while-agent-down}.
 */
class AgentCommandLostRunTest {
  @Test
  @Timeout(40)
  void aDeleteWhileTheAgentIsAwayIsACommandLost(@TempDir Path tmp) throws Exception {
    AgentRuns runs = new AgentRuns();
    Path plan = runs.plan(tmp, "agents-lost-delete", 2, "1200ms", "5s", "3s", "", """
          commands.lost: ["== 0"]
        """);
    Path dir = tmp.resolve("out");
    var exit = runs.start("run", plan.toString(), "--out", dir.toString());
    runs.awaitRunning(dir, 2);
    runs.fault("{kind: heartbeat-stall, agent: k8s-agent-1, for: 1s}");

    assertThat(exit.get(35, TimeUnit.SECONDS)).as(runs.err.toString()).isEqualTo(1);
    JsonObject results = AgentRuns.results(dir);
    List<JsonObject> sessions = results.getJsonArray("sessions").stream().map(JsonObject.class::cast).toList();
    for (JsonObject s : sessions) {
      assertThat(s.getString("failedPhase")).isEqualTo("cleanedUp");
      JsonObject d = s.getJsonObject("diagnosis");
      assertThat(d.getString("code")).as(d.encodePrettily()).isEqualTo("command-lost-while-agent-down");
      assertThat(d.getJsonArray("evidence").getString(0)).contains("while agent k8s-agent-1 was listed offline");
      assertThat(d.getJsonArray("evidence").encode()).contains("listed online again at").contains("Deployment ");
    }
    assertThat(results.getJsonObject("counts").getLong("commandsLost")).isEqualTo(2);
    assertThat(results.getJsonObject("counts").getLong("sessionsNotSurvived")).isEqualTo(2);
    JsonObject criterion = results.getJsonArray("criteria").getJsonObject(0);
    assertThat(criterion.getString("actualText")).isEqualTo("2");
    assertThat(Files.readString(dir.resolve("report.md"))).contains("**command-lost-while-agent-down**")
        .contains("the stop command sent while it was away was never delivered");
  }
}
