package io.loadstone.sandbox.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DispatchAndReconcilerTest {
  /** reconciler thresholds shrunk further so each case takes about a second */
  private static final String FAST_RECONCILER = """
      timings:
        reconcilerInterval: 100ms
        terminatingResendAfter: 400ms
        terminatingGiveUpAfter: 1s
        pendingFailAfter: 1s
      """;

  private Vertx vertx;
  private ControlPlaneFixture cp;
  private TestAgent agent;
  private String admin;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    cp = ControlPlaneFixture.start(vertx, FAST_RECONCILER);
    agent = cp.onlineAgent("k8s-agent-1");
    admin = cp.adminToken();
  }

  @AfterEach
  void stop() {
    agent.close();
    cp.close();
    ControlPlaneFixture.await(vertx.close());
  }

  private List<JsonObject> commands(String session, String action) {
    JsonArray all = cp.commands(session);
    return all.stream().map(JsonObject.class::cast).filter(c -> c.getString("action").equals(action)).toList();
  }

  @Test
  void dropStartCommandLeavesTheSessionPendingWithNoCommandDelivered() {
    HttpResponse<Buffer> fault = cp.raw(HttpMethod.POST, "/sandbox/v1/faults", null, "application/yaml",
        Buffer.buffer("kind: drop-start-command\ncount: 1\n"));
    assertThat(fault.statusCode()).isEqualTo(201);
    String dropped = cp.createSession(admin, "admin");
    String delivered = cp.createSession(admin, "admin");
    JsonObject first = agent.nextCommand(3000);
    assertThat(first).isNotNull();
    assertThat(first.getJsonObject("payload").getString("sessionId")).as("only the second start reaches the agent").isEqualTo(delivered);
    assertThat(agent.nextCommand(300)).isNull();
    assertThat(commands(dropped, "start_session").get(0).getString("status")).as("recorded as sent").isEqualTo("sent");
    await().atMost(Duration.ofSeconds(3)).until(() -> "running".equals(cp.state(admin, delivered)));
    assertThat(cp.state(admin, dropped)).isEqualTo("pending");
    JsonObject truth = cp.get("/sandbox/v1/truth", null).bodyAsJsonObject().getJsonObject("sessions").getJsonObject(dropped);
    assertThat(truth.getJsonArray("faults").getJsonObject(0).getString("kind")).isEqualTo("drop-start-command");
    assertThat(truth.getJsonObject("events").fieldNames()).contains("createRequested", "startDispatched").doesNotContain("running");
  }

  @Test
  void aStuckPendingSessionWithItsAgentConnectedIsNeverRetried() {
    agent.mode = TestAgent.Mode.SILENT;
    String name = cp.createSession(admin, "admin");
    assertThat(agent.nextCommand(3000)).isNotNull();
    // well past pendingFailAfter: still pending, and no second start_session
    assertThat(agent.nextCommand(1600)).isNull();
    assertThat(cp.state(admin, name)).isEqualTo("pending");
    assertThat(commands(name, "start_session")).hasSize(1);
  }

  @Test
  void aPendingSessionWhoseAgentIsGoneBecomesFailed() {
    agent.mode = TestAgent.Mode.SILENT;
    String name = cp.createSession(admin, "admin");
    assertThat(agent.nextCommand(3000)).isNotNull();
    agent.disconnect();
    await().atMost(Duration.ofSeconds(4)).until(() -> "failed".equals(cp.state(admin, name)));
    assertThat(cp.session(admin, name).getJsonObject("status").getString("phase")).isEqualTo("Failed");
  }

  @Test
  void aStuckTerminatingSessionGetsStopSessionAgainWhileItsAgentIsConnected() {
    String name = cp.createSession(admin, "admin");
    await().atMost(Duration.ofSeconds(3)).until(() -> "running".equals(cp.state(admin, name)));
    agent.mode = TestAgent.Mode.ACK_ONLY;
    assertThat(cp.call(HttpMethod.DELETE, "/api/v1/sessions/" + name, admin, null).statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(4)).until(() -> commands(name, "stop_session").size() >= 2);
    JsonObject retry = commands(name, "stop_session").get(1);
    assertThat(retry.getString("commandId")).matches("cmd-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(retry.getJsonObject("payload").getBoolean("deletePVC")).isFalse();
    assertThat(cp.state(admin, name)).as("resending does not end the termination").isEqualTo("terminating");
  }

  @Test
  void aTerminatingSessionWhoseAgentStaysAwayBecomesTerminated() {
    String name = cp.createSession(admin, "admin");
    await().atMost(Duration.ofSeconds(3)).until(() -> "running".equals(cp.state(admin, name)));
    agent.disconnect();
    assertThat(cp.call(HttpMethod.DELETE, "/api/v1/sessions/" + name, admin, null).statusCode()).isEqualTo(202);
    assertThat(cp.state(admin, name)).isEqualTo("terminating");
    await().atMost(Duration.ofSeconds(4)).until(() -> "terminated".equals(cp.state(admin, name)));
    assertThat(commands(name, "stop_session")).hasSize(1);
  }

  @Test
  void aCommandForAnAgentThatLeftBeforeDispatchIsFailedAndNeverResent() {
    agent.mode = TestAgent.Mode.SILENT;
    String name = cp.createSession(admin, "admin");
    assertThat(agent.nextCommand(3000)).isNotNull();
    agent.disconnect();
    HttpResponse<Buffer> delete = cp.call(HttpMethod.DELETE, "/api/v1/sessions/" + name, admin, null);
    String stopId = delete.bodyAsJsonObject().getString("commandId");
    await().atMost(Duration.ofSeconds(2)).until(() ->
        "failed".equals(cp.get("/sandbox/v1/commands/" + stopId, null).bodyAsJsonObject().getString("status")));
    try (TestAgent back = cp.agent("k8s-agent-1")) {
      back.register();
      back.connect();
      back.startHeartbeats();
      // reconnecting does not bring it back: the only stop_session it may see is the reconciler's own retry
      JsonObject next = back.nextCommand(300);
      assertThat(next == null || !next.getString("commandId").equals(stopId)).isTrue();
    }
  }
}
