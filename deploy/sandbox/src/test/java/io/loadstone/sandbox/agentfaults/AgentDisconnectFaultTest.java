package io.loadstone.sandbox.agentfaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loadstone.sandbox.fault.ActiveFault;
import io.loadstone.sandbox.testing.TestSandbox;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** agent-disconnect: the socket is cut, every reconnect fails for the fault's window, the first one after it works. */
class AgentDisconnectFaultTest {
  private static final String TIMINGS = "timings: {reconnectBackoff: [200ms, 400ms]}\n";
  private static final Duration WAIT = Duration.ofSeconds(8);

  @Test
  void runTimeDisconnectFailsEveryReconnectUntilItsWindowEndsThenTheAgentIsOnlineAgain() {
    try (TestSandbox sb = TestSandbox.start("agents: 2\n" + TIMINGS)) {
      AgentFaultProbe probe = new AgentFaultProbe(sb);
      assertThat(probe.status("k8s-agent-1")).isEqualTo("online");
      long id = probe.addFault(new JsonObject().put("kind", "agent-disconnect").put("agent", "k8s-agent-1")
          .put("for", "1s"));
      ActiveFault fault = probe.fault("agent-disconnect");

      await().atMost(WAIT).until(() -> "offline".equals(probe.status("k8s-agent-1")));
      assertThat(probe.status("k8s-agent-2")).as("only the named agent").isEqualTo("online");
      await().atMost(WAIT).until(() -> probe.agentSays("k8s-agent-1", "connected").size() == 2);
      await().atMost(WAIT).until(() -> "online".equals(probe.status("k8s-agent-1")));

      JsonObject cut = probe.agentSays("k8s-agent-1", "disconnected").get(0);
      assertThat(cut.getString("detail")).isEqualTo("agent-disconnect (fault " + id + "): network cut, read error");
      List<JsonObject> failed = probe.agentSays("k8s-agent-1", "reconnect-failed");
      assertThat(failed).isNotEmpty().allSatisfy(f -> {
        assertThat(f.getString("detail")).contains("network is unreachable (agent-disconnect (fault " + id + "))");
        assertThat(f.getLong("nanos") - fault.addedNanos()).isLessThan(TimeUnit.SECONDS.toNanos(1));
      });
      // 200 ms, then 400 ms each: tries at ~0.2, 0.6 and 1.0 s fail; the first after the window succeeds
      assertThat(failed.size()).isBetween(2, 3);
      JsonObject back = probe.agentSays("k8s-agent-1", "connected").get(1);
      assertThat(back.getString("detail")).isEqualTo("reconnected on attempt " + (failed.size() + 1));
      assertThat(back.getLong("nanos") - fault.addedNanos()).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
      assertThat(probe.agentSays("k8s-agent-1", "reconnecting")).hasSize(failed.size() + 1);
      assertThat(probe.timeline("k8s-agent-1", "offline")).isNotEmpty();

      List<JsonObject> fired = probe.firings("agent-disconnect");
      assertThat(fired).as("once per add").singleElement().satisfies(f -> {
        assertThat(f.getLong("fault")).isEqualTo(id);
        assertThat(f.getString("agent")).isEqualTo("k8s-agent-1");
        assertThat(f.getString("detail")).isEqualTo("WebSocket cut; reconnects fail for 1000 ms");
      });
      // the window is over: it stays connected and heartbeating
      await().during(Duration.ofMillis(800)).atMost(WAIT).until(() -> "online".equals(probe.status("k8s-agent-1")));
      assertThat(probe.agentSays("k8s-agent-1", "disconnected")).hasSize(1);
    }
  }

  @Test
  void configuredDisconnectWithoutForHoldsTheAgentOffUntilTheFaultIsRemoved() {
    try (TestSandbox sb = TestSandbox.start("agents: 2\n" + TIMINGS
        + "faults: [{kind: agent-disconnect, agent: k8s-agent-2}]\n")) {
      AgentFaultProbe probe = new AgentFaultProbe(sb);
      await().atMost(WAIT).until(() -> "offline".equals(probe.status("k8s-agent-2")));
      await().atMost(WAIT).until(() -> probe.agentSays("k8s-agent-2", "reconnect-failed").size() >= 3);
      assertThat(probe.status("k8s-agent-2")).isEqualTo("offline");
      assertThat(probe.status("k8s-agent-1")).isEqualTo("online");
      assertThat(probe.createStatus()).as("k8s-agent-1 takes the session").isEqualTo(202);

      long removedAt = System.nanoTime();
      probe.removeFault(probe.faultId("agent-disconnect"));
      await().atMost(WAIT).until(() -> "online".equals(probe.status("k8s-agent-2")));
      JsonObject back = probe.agentSays("k8s-agent-2", "connected").get(1);
      assertThat(back.getString("detail")).startsWith("reconnected on attempt ");
      assertThat(back.getLong("nanos")).isGreaterThan(removedAt);
      assertThat(probe.firings("agent-disconnect")).singleElement()
          .satisfies(f -> assertThat(f.getString("agent")).isEqualTo("k8s-agent-2"));
    }
  }
}
