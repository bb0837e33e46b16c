package io.loadstone.sandbox.agentfaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loadstone.sandbox.testing.TestSandbox;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * heartbeat-stall (Test 3.3): heartbeats stop on an open connection; the hub drops the agent after staleAfter
 * (offline), the agent reconnects on its backoff, and once the window ends it heartbeats and stays online.
 */
class HeartbeatStallFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(8);

  @Test
  void runTimeStallTakesTheAgentOfflineAfterTheStaleLimitThenItComesBackForGood() {
    try (TestSandbox sb = TestSandbox.start("agents: 1\ntimings: {reconnectBackoff: [200ms, 400ms]}\n")) {
      AgentFaultProbe probe = new AgentFaultProbe(sb);
      long id = probe.addFault(new JsonObject().put("kind", "heartbeat-stall").put("for", "1500ms"));
      long added = probe.fault("heartbeat-stall").addedNanos();
      Instant beforeStall = probe.lastHeartbeat("k8s-agent-1");

      await().atMost(WAIT).until(() -> "offline".equals(probe.status("k8s-agent-1")));
      JsonObject offline = probe.timeline("k8s-agent-1", "offline").get(0);
      assertThat(offline.getString("detail")).isEqualTo("no heartbeat for more than 600 ms");
      // staleAfter 600 ms, the last heartbeat up to 200 ms before the stall
      assertThat(offline.getLong("nanos") - added).isGreaterThanOrEqualTo(400_000_000L);
      // dropped by the hub, the agent reconnects on its own backoff
      await().atMost(WAIT).until(() -> !probe.agentSays("k8s-agent-1", "reconnecting").isEmpty());
      assertThat(probe.agentSays("k8s-agent-1", "disconnected").get(0).getString("detail"))
          .isEqualTo("WebSocket closed (status 1001, stale connection)");

      await().atMost(WAIT).until(() -> !probe.agentSays("k8s-agent-1", "heartbeat-resumed").isEmpty());
      List<String> seen = new ArrayList<>();
      await().during(Duration.ofMillis(900)).atMost(WAIT).until(() -> {
        seen.add(probe.status("k8s-agent-1"));
        return "online".equals(seen.get(seen.size() - 1));
      });
      assertThat(probe.lastHeartbeat("k8s-agent-1")).isAfter(beforeStall);
      JsonObject stalled = probe.agentSays("k8s-agent-1", "heartbeat-stalled").get(0);
      JsonObject resumed = probe.agentSays("k8s-agent-1", "heartbeat-resumed").get(0);
      assertThat(stalled.getString("detail")).isEqualTo("fault " + id);
      assertThat(resumed.getLong("nanos") - added).isGreaterThanOrEqualTo(1_500_000_000L);
      assertThat(probe.firings("heartbeat-stall")).singleElement()
          .satisfies(f -> assertThat(f.getString("detail")).isEqualTo("heartbeats stopped, connection kept open"));
      assertThat(probe.createStatus()).isEqualTo(202);
    }
  }

  /** The window counts from start-up (when a configured fault is added): long enough to outlast a slow start. */
  @Test
  void configuredStallForOneAgentLeavesTheOtherOnline() {
    try (TestSandbox sb = TestSandbox.start("agents: 2\nfaults: [{kind: heartbeat-stall, agent: k8s-agent-1, for: 5s}]\n")) {
      AgentFaultProbe probe = new AgentFaultProbe(sb);
      await().atMost(WAIT).until(() -> "offline".equals(probe.status("k8s-agent-1")));
      assertThat(probe.status("k8s-agent-2")).isEqualTo("online");
      await().atMost(WAIT).until(() -> !probe.agentSays("k8s-agent-1", "heartbeat-resumed").isEmpty());
      await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> "online".equals(probe.status("k8s-agent-1")));
      assertThat(probe.agentSays("k8s-agent-2", "heartbeat-stalled")).isEmpty();
    }
  }
}
