package io.loadstone.sandbox.agentfaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loadstone.sandbox.testing.TestSandbox;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** agent-status-stuck-offline (P1-AGENT-STATUS-001): reconnected and heartbeating, yet offline, so creates get 503. */
class StuckOfflineFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(8);

  @Test
  void aReconnectUnderTheFaultLeavesTheAgentOfflineWhileItHeartbeatsUntilTheFaultIsRemoved() {
    try (TestSandbox sb = TestSandbox.start("agents: 1\ntimings: {reconnectBackoff: [200ms]}\n")) {
      AgentFaultProbe probe = new AgentFaultProbe(sb);
      long stuck = probe.addFault(new JsonObject().put("kind", "agent-status-stuck-offline"));
      // connected before the fault: its heartbeats keep it online
      await().during(Duration.ofMillis(700)).atMost(WAIT).until(() -> "online".equals(probe.status("k8s-agent-1")));
      assertThat(probe.firings("agent-status-stuck-offline")).isEmpty();

      probe.addFault(new JsonObject().put("kind", "agent-disconnect").put("for", "300ms"));
      await().atMost(WAIT).until(() -> probe.agentSays("k8s-agent-1", "connected").size() == 2);
      Instant first = probe.lastHeartbeat("k8s-agent-1");
      await().atMost(WAIT).until(() -> probe.lastHeartbeat("k8s-agent-1").isAfter(first));
      JsonObject agent = probe.agent("k8s-agent-1");
      assertThat(agent.getString("status")).as("heartbeating but kept offline").isEqualTo("offline");
      assertThat(Instant.parse(agent.getString("updatedAt"))).isAfterOrEqualTo(first);

      var refused = sb.createSession("512Mi", "250m", false);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("No agents available");
      assertThat(probe.firings("agent-status-stuck-offline")).singleElement().satisfies(f -> {
        assertThat(f.getLong("fault")).isEqualTo(stuck);
        assertThat(f.getString("agent")).isEqualTo("k8s-agent-1");
        assertThat(f.getString("detail")).isEqualTo("reconnected and heartbeating, kept offline");
      });
      assertThat(probe.timeline("k8s-agent-1", "kept-offline")).hasSize(1);

      long removedAt = System.nanoTime();
      probe.removeFault(stuck);
      await().atMost(WAIT).until(() -> "online".equals(probe.status("k8s-agent-1")));
      JsonObject online = probe.timeline("k8s-agent-1", "online").get(probe.timeline("k8s-agent-1", "online").size() - 1);
      assertThat(online.getString("detail")).isEqualTo("heartbeat");
      assertThat(online.getLong("nanos")).isGreaterThan(removedAt);
      assertThat(probe.createStatus()).isEqualTo(202);
    }
  }

  @Test
  void aConfiguredFaultKeepsTheAgentOfflineFromItsFirstConnection() {
    try (TestSandbox sb = TestSandbox.start("agents: 2\nfaults: [{kind: agent-status-stuck-offline, agent: k8s-agent-2}]\n")) {
      AgentFaultProbe probe = new AgentFaultProbe(sb);
      Instant first = probe.lastHeartbeat("k8s-agent-2");
      await().atMost(WAIT).until(() -> probe.lastHeartbeat("k8s-agent-2").isAfter(first));
      assertThat(probe.status("k8s-agent-2")).isEqualTo("offline");
      assertThat(probe.status("k8s-agent-1")).isEqualTo("online");
      assertThat(probe.firings("agent-status-stuck-offline")).singleElement()
          .satisfies(f -> assertThat(f.getString("agent")).isEqualTo("k8s-agent-2"));
      // only k8s-agent-1 qualifies: every session goes there
      for (int i = 0; i < 3; i++) {
        var created = sb.createSession("512Mi", "250m", false);
        assertThat(created.statusCode()).isEqualTo(202);
        assertThat(created.bodyAsJsonObject().getJsonObject("status").getString("message")).contains("agent: k8s-agent-1");
      }
    }
  }
}
