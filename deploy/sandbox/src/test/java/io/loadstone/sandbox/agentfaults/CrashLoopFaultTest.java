package io.loadstone.sandbox.agentfaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loadstone.sandbox.testing.TestSandbox;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * agent-crash-loop (P0-AGENT-001): every period the agent process dies and a fresh one starts agentRestartDelay
 * later, registering, connecting and heartbeating again, until the fault is removed.
 */
class CrashLoopFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(8);
  private static final long MS = 1_000_000L;

  @Test
  void runTimeCrashLoopKillsAndRestartsTheAgentEveryPeriodUntilRemoved() {
    try (TestSandbox sb = TestSandbox.start("agents: 1\ntimings: {agentRestartDelay: 300ms}\n")) {
      AgentFaultProbe probe = new AgentFaultProbe(sb);
      var created = sb.createSession("512Mi", "250m", false);
      String session = created.bodyAsJsonObject().getString("name");
      await().atMost(WAIT).until(() -> "running".equals(sb.state(session)));

      long id = probe.addFault(new JsonObject().put("kind", "agent-crash-loop").put("period", "900ms"));
      long added = probe.fault("agent-crash-loop").addedNanos();
      await().atMost(WAIT).until(() -> "offline".equals(probe.status("k8s-agent-1")));
      await().atMost(WAIT).until(() -> probe.agentSays("k8s-agent-1", "restarted").size() >= 2
          && "online".equals(probe.status("k8s-agent-1")));
      probe.removeFault(id);
      long removed = System.nanoTime();

      List<JsonObject> crashes = probe.agentSays("k8s-agent-1", "crashed");
      assertThat(crashes).hasSizeGreaterThanOrEqualTo(2);
      for (int k = 0; k < 2; k++) {
        JsonObject crash = crashes.get(k);
        assertThat(crash.getString("detail")).isEqualTo("concurrent write panic (fault " + id + ")");
        // every period from when the fault was added
        assertThat(crash.getLong("nanos") - added).isBetween((k + 1) * 900 * MS, (k + 1) * 900 * MS + 100 * MS);
        JsonObject restart = probe.agentSays("k8s-agent-1", "restarted").get(k);
        assertThat(restart.getLong("nanos") - crash.getLong("nanos")).isBetween(300 * MS, 400 * MS);
      }
      // a fresh process: it registers (200, online) and connects again
      assertThat(probe.timeline("k8s-agent-1", "registered").stream().filter(e -> "known".equals(e.getString("detail"))))
          .hasSizeGreaterThanOrEqualTo(2);
      assertThat(probe.agentSays("k8s-agent-1", "connected").stream().map(e -> e.getString("detail")))
          .containsOnly("registered, WebSocket open");
      assertThat(probe.firings("agent-crash-loop")).hasSize(crashes.size())
          .allSatisfy(f -> assertThat(f.getString("detail")).isEqualTo("concurrent write panic"));

      // removed: no more crashes, the agent stays online and takes sessions
      await().during(Duration.ofMillis(1200)).atMost(WAIT).until(() ->
          probe.agentSays("k8s-agent-1", "crashed").stream().noneMatch(c -> c.getLong("nanos") > removed));
      await().atMost(WAIT).until(() -> "online".equals(probe.status("k8s-agent-1")));
      assertThat(probe.createStatus()).isEqualTo(202);
      // the session's objects are the cluster's, not the process's: they survive the crashes
      assertThat(sb.kube().apps().deployments().withName(session).get()).isNotNull();
    }
  }

  @Test
  void configuredCrashLoopStartsCountingAtStartUp() {
    try (TestSandbox sb = TestSandbox.start("agents: 2\ntimings: {agentRestartDelay: 200ms}\n"
        + "faults: [{kind: agent-crash-loop, agent: k8s-agent-2, period: 700ms}]\n")) {
      AgentFaultProbe probe = new AgentFaultProbe(sb);
      await().atMost(WAIT).until(() -> probe.agentSays("k8s-agent-2", "restarted").size() >= 1
          && "online".equals(probe.status("k8s-agent-2")));
      long added = probe.fault("agent-crash-loop").addedNanos();
      assertThat(probe.agentSays("k8s-agent-2", "crashed").get(0).getLong("nanos") - added)
          .isBetween(700 * MS, 800 * MS);
      assertThat(probe.agentSays("k8s-agent-1", "crashed")).isEmpty();
      assertThat(probe.status("k8s-agent-1")).isEqualTo("online");
    }
  }
}
