package io.loadstone.sandbox.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loadstone.sandbox.SandboxSecrets;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentProtocolTest {
  private Vertx vertx;
  private ControlPlaneFixture cp;
  private String admin;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    cp = ControlPlaneFixture.start(vertx);
    admin = cp.adminToken();
  }

  @AfterEach
  void stop() {
    cp.close();
    ControlPlaneFixture.await(vertx.close());
  }

  private JsonObject agentJson(String agentId) {
    HttpResponse<Buffer> r = cp.get("/api/v1/admin/agents/" + agentId, admin);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static int rejection(TestAgent agent, String key) {
    try {
      agent.tryConnect(key).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      return 101;
    } catch (Exception e) {
      Throwable cause = e.getCause();
      assertThat(cause).isInstanceOf(UpgradeRejectedException.class);
      return ((UpgradeRejectedException) cause).getStatus();
    }
  }

  private JsonArray timeline(String agentId) {
    return cp.get("/sandbox/v1/truth", null).bodyAsJsonObject().getJsonObject("agents").getJsonArray(agentId);
  }

  @Test
  void registrationWithoutAKeyIs401() {
    try (TestAgent agent = cp.agent("k8s-agent-1")) {
      HttpResponse<Buffer> r = agent.register(null, new JsonObject().put("agentId", "k8s-agent-1").put("platform", "kubernetes"));
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Missing API key");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde"})
  void aMalformedKeyIs401(String key) {
    try (TestAgent agent = cp.agent("k8s-agent-1")) {
      HttpResponse<Buffer> r = agent.register(key, new JsonObject().put("agentId", "k8s-agent-1").put("platform", "kubernetes"));
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Invalid API key format");
    }
  }

  @Test
  void anotherAgentsKeyIs403() {
    try (TestAgent agent = cp.agent("k8s-agent-1")) {
      HttpResponse<Buffer> r = agent.register(cp.key("k8s-agent-2"),
          new JsonObject().put("agentId", "k8s-agent-1").put("platform", "kubernetes"));
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Invalid API key");
    }
  }

  @Test
  void aNewAgentIs201OfflineAndAKnownOne200Online() {
    try (TestAgent agent = cp.agent("k8s-agent-1")) {
      HttpResponse<Buffer> first = agent.register();
      assertThat(first.statusCode()).isEqualTo(201);
      JsonObject created = first.bodyAsJsonObject();
      assertThat(created.getString("agentId")).isEqualTo("k8s-agent-1");
      assertThat(created.getString("status")).isEqualTo("offline");
      assertThat(created.getJsonObject("capacity").getInteger("maxSessions")).isEqualTo(50);
      assertThat(created.fieldNames()).contains("id", "platform", "region", "lastHeartbeat", "approvalStatus", "createdAt", "updatedAt");
      HttpResponse<Buffer> second = agent.register();
      assertThat(second.statusCode()).isEqualTo(200);
      assertThat(second.bodyAsJsonObject().getString("status")).isEqualTo("online");
      assertThat(second.bodyAsJsonObject().getString("id")).isEqualTo(created.getString("id"));
    }
  }

  @Test
  void anAgentIdWithoutAKeyIsAcceptedAndItsKeyRemembered() {
    String key = SandboxSecrets.hex(32);
    try (TestAgent agent = new TestAgent(vertx, cp.controlPlane.port(), "edge-agent-9", key, Duration.ofMillis(200))) {
      assertThat(agent.register().statusCode()).isEqualTo(201);
      HttpResponse<Buffer> impostor = agent.register(SandboxSecrets.hex(32),
          new JsonObject().put("agentId", "edge-agent-9").put("platform", "kubernetes"));
      assertThat(impostor.statusCode()).isEqualTo(403);
      agent.connect();
      assertThat(agent.isClosed()).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"agentId\":\"k8s-agent-1\"}", "{\"agentId\":\"k8s-agent-1\",\"platform\":\"mainframe\"}",
      "{\"agentId\":\"k8s-agent-1\",\"platform\":\"kubernetes\",\"capacity\":{\"maxSessions\":\"many\"}}", "not json"})
  void badRegistrationBodiesAre400(String body) {
    HttpResponse<Buffer> r = ControlPlaneFixture.await(cp.client.post("/api/v1/agents/register")
        .putHeader("X-Agent-API-Key", cp.key("k8s-agent-1")).sendBuffer(Buffer.buffer(body)));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("error")).isIn("Missing agent_id", "Invalid platform", "Invalid request");
  }

  @Test
  void connectingIsRefusedBeforeTheUpgradeWithThePlatformsCodes() {
    try (TestAgent agent = cp.agent("k8s-agent-1")) {
      assertThat(rejection(agent, cp.key("k8s-agent-1"))).as("unregistered").isEqualTo(404);
      agent.register();
      assertThat(rejection(agent, null)).as("no key").isEqualTo(401);
      assertThat(rejection(agent, "123")).as("malformed key").isEqualTo(401);
      assertThat(rejection(agent, cp.key("k8s-agent-3"))).as("wrong key").isEqualTo(403);
    }
    HttpResponse<Buffer> noUpgrade = ControlPlaneFixture.await(cp.client.get("/api/v1/agents/connect?agent_id=k8s-agent-1")
        .putHeader("X-Agent-API-Key", cp.key("k8s-agent-1")).send());
    assertThat(noUpgrade.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> noId = ControlPlaneFixture.await(cp.client.get("/api/v1/agents/connect")
        .putHeader("X-Agent-API-Key", cp.key("k8s-agent-1")).send());
    assertThat(noId.statusCode()).isEqualTo(400);
    assertThat(noId.bodyAsJsonObject().getString("error")).isEqualTo("Missing agent_id");
  }

  @Test
  void connectingSetsOnlineAndHeartbeatsMoveLastHeartbeat() {
    try (TestAgent agent = cp.agent("k8s-agent-1")) {
      agent.register();
      agent.connect();
      assertThat(agentJson("k8s-agent-1").getString("status")).isEqualTo("online");
      String before = agentJson("k8s-agent-1").getString("lastHeartbeat");
      await().pollDelay(Duration.ofMillis(20)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
        agent.heartbeat();
        assertThat(agentJson("k8s-agent-1").getString("lastHeartbeat")).isNotEqualTo(before);
      });
      assertThat(timeline("k8s-agent-1").stream().map(e -> ((JsonObject) e).getString("event")))
          .contains("registered", "connected", "online");
    }
  }

  @Test
  void aSecondConnectionWithTheSameIdClosesTheFirst() {
    try (TestAgent first = cp.onlineAgent("k8s-agent-1"); TestAgent second = cp.agent("k8s-agent-1")) {
      second.connect();
      second.startHeartbeats();
      assertThat(first.awaitClosed(3000)).isTrue();
      assertThat(second.isClosed()).isFalse();
      assertThat(agentJson("k8s-agent-1").getString("status")).isEqualTo("online");
      first.mode = TestAgent.Mode.SILENT;
      cp.createSession(admin, "admin");
      assertThat(second.nextCommand(3000)).as("commands go to the newest connection").isNotNull();
    }
  }

  @Test
  void aSilentAgentGoesOfflineAfterStaleAfterAndCreatesThenGet503() {
    try (TestAgent agent = cp.onlineAgent("k8s-agent-1")) {
      cp.createSession(admin, "admin");
      agent.stopHeartbeats();
      assertThat(agent.awaitClosed(3000)).as("the hub closes a stale connection").isTrue();
      assertThat(agentJson("k8s-agent-1").getString("status")).isEqualTo("offline");
      HttpResponse<Buffer> r = cp.call(HttpMethod.POST, "/api/v1/sessions", admin,
          new JsonObject().put("user", "admin").put("template", "firefox-browser"));
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(timeline("k8s-agent-1").stream().map(e -> ((JsonObject) e).getString("event"))).contains("offline");
    }
  }

  @Test
  void disconnectingSetsOfflineAndIsOnTheTimeline() {
    try (TestAgent agent = cp.onlineAgent("k8s-agent-1")) {
      agent.disconnect();
      await().atMost(Duration.ofSeconds(2)).until(() -> "offline".equals(agentJson("k8s-agent-1").getString("status")));
      assertThat(timeline("k8s-agent-1").stream().map(e -> ((JsonObject) e).getString("event"))).contains("disconnected");
    }
  }

  @Test
  void malformedAgentMessagesAreLoggedAndIgnored() {
    try (TestAgent agent = cp.onlineAgent("k8s-agent-1")) {
      for (String junk : new String[] {"not json", "[1,2]", "{\"type\":5}", "{\"type\":\"ack\",\"payload\":\"x\"}",
          "{\"type\":\"ack\",\"payload\":{\"commandId\":5}}", "{\"type\":\"complete\",\"payload\":{}}",
          "{\"type\":\"failed\",\"payload\":{\"commandId\":\"cmd-nope\",\"error\":\"x\"}}",
          "{\"type\":\"status\",\"payload\":{\"sessionId\":\"x\",\"state\":\"exploded\"}}",
          "{\"type\":\"status\",\"payload\":{\"sessionId\":7,\"state\":\"running\"}}",
          "{\"type\":\"heartbeat\",\"payload\":{\"capacity\":\"x\"}}", "{\"type\":\"vnc_data\",\"payload\":{\"data\":\"%%\"}}",
          "{\"type\":\"mystery\",\"payload\":{}}", "{}"}) {
        agent.sendRaw(junk);
      }
      String name = cp.createSession(admin, "admin");
      await().atMost(Duration.ofSeconds(3)).until(() -> "running".equals(cp.state(admin, name)));
      assertThat(agent.isClosed()).isFalse();
    }
  }

  @Test
  void adminAgentsListFiltersGetsAndDeletes() {
    try (TestAgent one = cp.onlineAgent("k8s-agent-1"); TestAgent two = cp.agent("k8s-agent-2")) {
      two.register();
      JsonObject all = cp.get("/api/v1/admin/agents", admin).bodyAsJsonObject();
      assertThat(all.getInteger("total")).isEqualTo(2);
      assertThat(cp.get("/api/v1/admin/agents?status=online", admin).bodyAsJsonObject().getInteger("total")).isEqualTo(1);
      assertThat(cp.get("/api/v1/admin/agents?status=offline", admin).bodyAsJsonObject().getInteger("total")).isEqualTo(1);
      assertThat(cp.get("/api/v1/admin/agents?platform=docker", admin).bodyAsJsonObject().getInteger("total")).isZero();
      assertThat(cp.get("/api/v1/admin/agents?region=local&platform=kubernetes", admin).bodyAsJsonObject().getInteger("total")).isEqualTo(2);
      assertThat(cp.get("/api/v1/admin/agents/ghost", admin).statusCode()).isEqualTo(404);
      HttpResponse<Buffer> deleted = cp.call(HttpMethod.DELETE, "/api/v1/admin/agents/k8s-agent-2", admin, null);
      assertThat(deleted.statusCode()).isEqualTo(200);
      assertThat(deleted.bodyAsJsonObject().getString("agentId")).isEqualTo("k8s-agent-2");
      assertThat(cp.get("/api/v1/admin/agents/k8s-agent-2", admin).statusCode()).isEqualTo(404);
      assertThat(cp.call(HttpMethod.DELETE, "/api/v1/admin/agents/k8s-agent-2", admin, null).statusCode()).isEqualTo(404);
    }
  }
}
