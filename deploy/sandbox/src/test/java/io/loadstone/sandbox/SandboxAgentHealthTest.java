package io.loadstone.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loadstone.sandbox.testing.TestSandbox;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The heartbeat hub as a client sees it: an agent that goes silent is marked offline and gets no sessions. */
class SandboxAgentHealthTest {
  @Test
  void silentAgentGoesOfflineAfterTheStaleLimitThenCreatesGet503UntilItHeartbeatsAgain() {
    try (TestSandbox sb = TestSandbox.start("agents: 1")) {
      assertThat(agentStatus(sb)).isEqualTo("online");
      JsonObject fault = sb.post("/sandbox/v1/faults", new JsonObject().put("kind", "heartbeat-stall")
          .put("agent", "k8s-agent-1")).bodyAsJsonObject();
      long stalled = System.nanoTime();
      await().atMost(Duration.ofSeconds(3)).until(() -> "offline".equals(agentStatus(sb)));
      long offlineAfterMillis = (System.nanoTime() - stalled) / 1_000_000;
      // staleAfter is 600 ms and the hub checks every 100 ms: never before the limit
      assertThat(offlineAfterMillis).isGreaterThanOrEqualTo(600 - 200 /* last heartbeat precedes the stall */);

      var refused = sb.createSession("512Mi", "250m", false);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("No agents available");

      sb.delete("/sandbox/v1/faults/" + fault.getLong("id"));
      await().atMost(Duration.ofSeconds(5)).until(() -> sb.createSession("512Mi", "250m", false).statusCode() == 202);
      assertThat(sb.sandbox().truth().toJson().getJsonObject("agents").getJsonArray("k8s-agent-1").stream()
          .map(e -> ((JsonObject) e).getString("event"))).contains("heartbeat-stalled");
    }
  }

  private static String agentStatus(TestSandbox sb) {
    return sb.get("/api/v1/admin/agents/k8s-agent-1").bodyAsJsonObject().getString("status");
  }
}
