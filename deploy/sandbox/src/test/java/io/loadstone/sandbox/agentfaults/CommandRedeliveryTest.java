package io.loadstone.sandbox.agentfaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loadstone.sandbox.testing.TestSandbox;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A DELETE accepted while the session's agent is down: by default (the platform's code, command-lost-while-down)
 * the stop_session is failed and the Deployment outlives the agent's return; with {@code redeliverCommands: true}
 * it is held and run when the agent reconnects, unless command-lost-while-down is switched on explicitly.
 */
class CommandRedeliveryTest {
  /** the reconciler's own stop_session retry must not blur the difference within the test */
  private static final String BASE = """
      agents: 1
      timings: {reconnectBackoff: [200ms], terminatingResendAfter: 60s, terminatingGiveUpAfter: 120s}
      """;
  private static final Duration WAIT = Duration.ofSeconds(8);

  @Test
  void byDefaultTheStopCommandIsFailedAndTheDeploymentOutlivesTheAgentsReturn() {
    try (TestSandbox sb = TestSandbox.start(BASE)) {
      Deleted d = deleteWhileTheAgentIsDown(sb);
      assertThat(d.command().getString("status")).isEqualTo("failed");
      assertThat(d.command().getString("errorMessage")).isEqualTo("agent is not connected");
      await().during(Duration.ofMillis(600)).atMost(WAIT).until(() -> deploymentExists(sb, d.session()));
      assertThat(sb.state(d.session())).isEqualTo("terminating");

      AgentFaultProbe probe = new AgentFaultProbe(sb);
      assertThat(probe.firings("command-lost-while-down")).singleElement().satisfies(f -> {
        assertThat(f.getString("session")).isEqualTo(d.session());
        assertThat(f.getString("agent")).isEqualTo("k8s-agent-1");
        assertThat(f.getString("detail")).isEqualTo("stop_session " + d.commandId() + " failed: agent is not connected");
      });
      assertThat(sb.sandbox().truth().find(d.session()).orElseThrow().faultKinds()).contains("command-lost-while-down");
      assertThat(probe.timeline("k8s-agent-1", "command-held")).isEmpty();
    }
  }

  @Test
  void withRedeliveryTheStopCommandIsHeldAndRunWhenTheAgentReconnects() {
    try (TestSandbox sb = TestSandbox.start(BASE + "redeliverCommands: true\n")) {
      Deleted d = deleteWhileTheAgentIsDown(sb);
      await().atMost(WAIT).until(() -> !deploymentExists(sb, d.session()));
      await().atMost(WAIT).until(() -> "completed".equals(command(sb, d.commandId()).getString("status")));

      AgentFaultProbe probe = new AgentFaultProbe(sb);
      assertThat(probe.firings("command-lost-while-down")).isEmpty();
      JsonObject held = probe.timeline("k8s-agent-1", "command-held").get(0);
      JsonObject redelivered = probe.timeline("k8s-agent-1", "command-redelivered").get(0);
      for (JsonObject e : List.of(held, redelivered)) {
        assertThat(e.getString("session")).isEqualTo(d.session());
        assertThat(e.getString("command")).isEqualTo(d.commandId());
        assertThat(e.getString("action")).isEqualTo("stop_session");
      }
      JsonObject reconnected = probe.agentSays("k8s-agent-1", "connected").get(1);
      assertThat(redelivered.getLong("nanos")).isGreaterThan(held.getLong("nanos"));
      assertThat(redelivered.getLong("nanos")).isGreaterThanOrEqualTo(reconnected.getLong("nanos") - 50_000_000L);
    }
  }

  @Test
  void withRedeliveryAConfiguredCommandLostWhileDownBringsBackTheFailure() {
    try (TestSandbox sb = TestSandbox.start(BASE + "redeliverCommands: true\n"
        + "faults: [{kind: command-lost-while-down, agent: k8s-agent-1}]\n")) {
      Deleted d = deleteWhileTheAgentIsDown(sb);
      assertThat(d.command().getString("status")).isEqualTo("failed");
      await().during(Duration.ofMillis(600)).atMost(WAIT).until(() -> deploymentExists(sb, d.session()));
      assertThat(new AgentFaultProbe(sb).firings("command-lost-while-down")).hasSize(1);
    }
  }

  @Test
  void withRedeliveryACommandLostWhileDownAddedAtRunTimeBringsBackTheFailure() {
    try (TestSandbox sb = TestSandbox.start(BASE + "redeliverCommands: true\n")) {
      new AgentFaultProbe(sb).addFault(new JsonObject().put("kind", "command-lost-while-down"));
      Deleted d = deleteWhileTheAgentIsDown(sb);
      assertThat(d.command().getString("status")).isEqualTo("failed");
      await().during(Duration.ofMillis(600)).atMost(WAIT).until(() -> deploymentExists(sb, d.session()));
    }
  }

  private record Deleted(String session, String commandId, JsonObject command) {
  }

  /** A running session; its agent cut off for 1 s; DELETE (202) meanwhile; waits until the agent is back. */
  private static Deleted deleteWhileTheAgentIsDown(TestSandbox sb) {
    AgentFaultProbe probe = new AgentFaultProbe(sb);
    var created = sb.createSession("512Mi", "250m", false);
    assertThat(created.statusCode()).isEqualTo(202);
    String session = created.bodyAsJsonObject().getString("name");
    await().atMost(WAIT).until(() -> "running".equals(sb.state(session)));
    probe.addFault(new JsonObject().put("kind", "agent-disconnect").put("for", "1s"));
    await().atMost(WAIT).until(() -> "offline".equals(probe.status("k8s-agent-1")));

    var deleted = sb.delete("/api/v1/sessions/" + session);
    assertThat(deleted.statusCode()).as("accepted while the agent is down").isEqualTo(202);
    String commandId = deleted.bodyAsJsonObject().getString("commandId");
    await().atMost(WAIT).until(() -> !"sent".equals(command(sb, commandId).getString("status"))
        && !"pending".equals(command(sb, commandId).getString("status"))
        || !probe.timeline("k8s-agent-1", "command-held").isEmpty());
    JsonObject atDispatch = command(sb, commandId);
    await().atMost(WAIT).until(() -> "online".equals(probe.status("k8s-agent-1")));
    return new Deleted(session, commandId, atDispatch);
  }

  private static JsonObject command(TestSandbox sb, String commandId) {
    return sb.get("/sandbox/v1/commands/" + commandId).bodyAsJsonObject();
  }

  private static boolean deploymentExists(TestSandbox sb, String session) {
    return sb.kube().apps().deployments().withName(session).get() != null;
  }
}
