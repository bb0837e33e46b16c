package io.loadstone.sandbox.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loadstone.sandbox.controlplane.ControlPlane;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registration, heartbeats and reconnects of a real agent against the real control plane (fast timings). */
class AgentConnectionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private AgentTestSandbox sandbox;

  @BeforeEach
  void startSandbox() throws Exception {
    sandbox = AgentTestSandbox.start(1);
  }

  @AfterEach
  void stopSandbox() throws Exception {
    sandbox.close();
  }

  @Test
  void registeredAgentStaysOnlineOnItsHeartbeats() throws Exception {
    SandboxAgent agent = sandbox.agent();
    assertThat(agent.agentId()).isEqualTo("k8s-agent-1");
    // the control plane drops an agent silent for 600 ms: staying connected for 1.5 s takes heartbeats
    await().during(Duration.ofMillis(1500)).atMost(WAIT).until(agent::connected);

    JsonObject json = sandbox.call(HttpMethod.GET, "/api/v1/admin/agents/k8s-agent-1", null).bodyAsJsonObject();
    assertThat(json.getString("status")).isEqualTo("online");
    assertThat(json.getString("platform")).isEqualTo("kubernetes");
    assertThat(json.getString("lastHeartbeat")).isNotBlank();
    assertThat(json.getJsonObject("capacity").getInteger("maxSessions")).isEqualTo(100);
    assertThat(json.getJsonObject("metadata").getString("namespace")).isEqualTo("streamspace");
    assertThat(timeline("disconnected")).isEmpty();
  }

  @Test
  void reconnectsWithBackoffAfterTheControlPlaneDropsItsSocket() throws Exception {
    // a second connection with the agent's id makes the control plane close the agent's own
    WebSocketClient intruderClient = sandbox.vertx.createWebSocketClient();
    URI cp = URI.create(sandbox.controlPlane.url());
    WebSocket intruder = intruderClient.connect(new WebSocketConnectOptions().setHost(cp.getHost())
        .setPort(cp.getPort()).setURI("/api/v1/agents/connect?agent_id=k8s-agent-1")
        .addHeader("X-Agent-API-Key", sandbox.secrets.agentKeys().get("k8s-agent-1"))).await(5, TimeUnit.SECONDS);

    await().atMost(WAIT).until(() -> !timeline("reconnecting").isEmpty() && agentConnectedAgain());
    JsonObject dropped = timeline("disconnected").get(0);
    JsonObject retry = timeline("reconnecting").get(0);
    assertThat(dropped.getString("detail")).contains("replaced by a new connection");
    assertThat(retry.getString("detail")).isEqualTo("attempt 1 after 50ms");
    assertThat(retry.getLong("nanos") - dropped.getLong("nanos")).isGreaterThanOrEqualTo(
        TimeUnit.MILLISECONDS.toNanos(50));
    await().atMost(WAIT).until(sandbox.agent()::connected);
    assertThat(sandbox.call(HttpMethod.GET, "/api/v1/admin/agents/k8s-agent-1", null).bodyAsJsonObject()
        .getString("status")).isEqualTo("online");
    intruderClient.close().await(5, TimeUnit.SECONDS);
    assertThat(intruder.isClosed()).isTrue();
  }

  @Test
  void backoffGrowsWhileTheControlPlaneIsAwayAndTheAgentComesBack() throws Exception {
    int port = sandbox.controlPlane.port();
    sandbox.controlPlane.close().await(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> timeline("reconnecting").size() >= 3);
    assertThat(sandbox.agent().connected()).isFalse();

    List<JsonObject> tries = timeline("reconnecting");
    assertThat(tries.subList(0, 3)).extracting(t -> t.getString("detail"))
        .containsExactly("attempt 1 after 50ms", "attempt 2 after 100ms", "attempt 3 after 200ms");
    assertThat(tries.get(1).getLong("nanos") - tries.get(0).getLong("nanos"))
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(tries.get(2).getLong("nanos") - tries.get(1).getLong("nanos"))
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));

    sandbox.controlPlane = ControlPlane.start(sandbox.vertx, sandbox.config.withPort(port), sandbox.secrets,
        sandbox.faults, sandbox.truth, new Random(3)).await(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> sandbox.agent().connected());
    assertThat(timeline("connected").get(timeline("connected").size() - 1).getString("detail"))
        .startsWith("reconnected on attempt ");
    await().atMost(WAIT).until(() -> "online".equals(sandbox.call(HttpMethod.GET,
        "/api/v1/admin/agents/k8s-agent-1", null).bodyAsJsonObject().getString("status")));
  }

  @Test
  void closedAgentGoesOfflineAndDoesNotReconnect() throws Exception {
    sandbox.agent().close().await(10, TimeUnit.SECONDS);
    assertThat(sandbox.agent().connected()).isFalse();
    await().atMost(WAIT).until(() -> "offline".equals(sandbox.call(HttpMethod.GET,
        "/api/v1/admin/agents/k8s-agent-1", null).bodyAsJsonObject().getString("status")));
    // longer than the first three backoff delays together
    await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> timeline("reconnecting").isEmpty());
  }

  private boolean agentConnectedAgain() {
    List<JsonObject> connected = timeline("connected");
    return connected.stream().anyMatch(c -> c.getString("detail", "").startsWith("reconnected"));
  }

  /** The agent's own entries (the control plane writes connected/disconnected too, without the agent's details). */
  private List<JsonObject> timeline(String event) {
    var entries = sandbox.truth.toJson().getJsonObject("agents").getJsonArray("k8s-agent-1");
    return entries.stream().map(JsonObject.class::cast)
        .filter(e -> event.equals(e.getString("event")) && e.getString("detail") != null)
        .filter(e -> !"disconnected".equals(event) || e.getString("detail").startsWith("WebSocket closed"))
        .toList();
  }
}
