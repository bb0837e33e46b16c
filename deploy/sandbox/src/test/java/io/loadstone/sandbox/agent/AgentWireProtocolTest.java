package io.loadstone.sandbox.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.sandbox.SandboxSecrets;
import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.kube.KubeApiServer;
import io.loadstone.sandbox.pods.LoopbackPodNetwork;
import io.loadstone.sandbox.truth.GroundTruth;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's side of the wire protocol, seen from a scripted peer on a real HTTP/WebSocket server: what the real
 * control plane never sends (an unknown action, a start without a session id) and the exact shapes the agent sends.
 */
class AgentWireProtocolTest {
  private final Vertx vertx = Vertx.vertx();
  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<ServerWebSocket> socket = new CompletableFuture<>();
  private final CompletableFuture<MultiMap> registerHeaders = new CompletableFuture<>();
  private final CompletableFuture<JsonObject> registerBody = new CompletableFuture<>();
  private final String key = SandboxSecrets.hex(32);
  private HttpServer peer;
  private KubeApiServer kube;
  private SandboxAgent agent;

  @BeforeEach
  void start() throws Exception {
    peer = vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/api/v1/agents/register")) {
        registerHeaders.complete(req.headers());
        req.body().onSuccess(b -> {
          registerBody.complete(b.toJsonObject());
          req.response().setStatusCode(201).end(new JsonObject().put("agentId", "k8s-agent-1")
              .put("status", "offline").encode());
        });
      } else if (req.path().equals("/api/v1/agents/connect") && "k8s-agent-1".equals(req.getParam("agent_id"))
          && key.equals(req.getHeader("X-Agent-API-Key"))) {
        req.toWebSocket().onSuccess(ws -> {
          ws.textMessageHandler(text -> received.add(new JsonObject(text)));
          socket.complete(ws);
        });
      } else {
        req.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
    kube = KubeApiServer.start(vertx, "127.0.0.1", 0).await(10, TimeUnit.SECONDS);
    AgentSettings settings = new AgentSettings("k8s-agent-1", key, "http://127.0.0.1:" + peer.actualPort(),
        kube.url(), "streamspace", "local", AgentTestSandbox.fastConfig().timings());
    GroundTruth truth = new GroundTruth();
    agent = SandboxAgent.start(vertx, settings, new Faults(truth, 1, List.of()), truth, new LoopbackPodNetwork())
        .await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    agent.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void registrationSendsTheKeyHeaderAndThePlatformBody() throws Exception {
    assertThat(registerHeaders.get(5, TimeUnit.SECONDS).get("X-Agent-API-Key")).isEqualTo(key);
    JsonObject body = registerBody.get(5, TimeUnit.SECONDS);
    assertThat(body.getString("agentId")).isEqualTo("k8s-agent-1");
    assertThat(body.getString("platform")).isEqualTo("kubernetes");
    assertThat(body.getString("region")).isEqualTo("local");
    assertThat(body.getJsonObject("capacity").fieldNames()).containsExactlyInAnyOrder("maxSessions", "cpu", "memory");
    assertThat(body.getJsonObject("metadata").getString("namespace")).isEqualTo("streamspace");
    assertThat(agent.toString()).doesNotContain(key);
    assertThat(new AgentSettings("a", key, "u", "k", "n", "r", AgentTestSandbox.fastConfig().timings()).toString())
        .doesNotContain(key);
  }

  @Test
  void heartbeatCarriesStatusSessionsAndCapacity() throws Exception {
    JsonObject heartbeat = next("heartbeat");
    assertThat(Instant.parse(heartbeat.getString("timestamp"))).isNotNull();
    JsonObject payload = heartbeat.getJsonObject("payload");
    assertThat(payload.getString("status")).isEqualTo("online");
    assertThat(payload.getInteger("activeSessions")).isZero();
    assertThat(payload.getJsonObject("capacity").getInteger("maxSessions")).isEqualTo(100);
  }

  @Test
  void pingIsAnsweredWithPong() throws Exception {
    send(new JsonObject().put("type", "ping").put("timestamp", Instant.now().toString()));
    JsonObject pong = next("pong");
    assertThat(pong.fieldNames()).containsExactlyInAnyOrder("type", "timestamp");
  }

  @Test
  void unknownActionIsAcknowledgedThenFailed() throws Exception {
    sendCommand("cmd-1", "resize_session", new JsonObject().put("sessionId", "s-1"));
    assertThat(nextCommandReply()).isEqualTo(reply("ack", "cmd-1"));
    assertThat(nextCommandReply()).isEqualTo(reply("failed", "cmd-1", "error", "unknown action: resize_session"));
  }

  @Test
  void startWithoutSessionIdFailsWithTheRealMessage() throws Exception {
    sendCommand("cmd-2", "start_session", new JsonObject().put("user", "admin"));
    assertThat(nextCommandReply()).isEqualTo(reply("ack", "cmd-2"));
    assertThat(nextCommandReply()).isEqualTo(reply("failed", "cmd-2", "error", "missing or invalid sessionId"));
  }

  @Test
  void stopOfASessionWithNothingInKubernetesStillCompletes() throws Exception {
    sendCommand("cmd-3", "stop_session", new JsonObject().put("sessionId", "ghost").put("namespace", "streamspace"));
    assertThat(nextCommandReply()).isEqualTo(reply("ack", "cmd-3"));
    assertThat(nextCommandReply()).isEqualTo(reply("complete", "cmd-3", "result",
        new JsonObject().put("sessionId", "ghost").put("state", "terminated")));
  }

  @Test
  void garbageFromThePeerIsIgnoredAndTheLinkStays() throws Exception {
    socket.get(5, TimeUnit.SECONDS).writeTextMessage("not json").await(5, TimeUnit.SECONDS);
    send(new JsonObject().put("type", "command").put("payload", "nope"));
    send(new JsonObject().put("type", "vnc_data").put("payload", new JsonObject().put("sessionId", "x")
        .put("data", "%%%")));
    sendCommand("cmd-4", "resize_session", new JsonObject());
    // nothing answers the garbage: the first reply is to cmd-4
    assertThat(nextCommandReply()).isEqualTo(reply("ack", "cmd-4"));
    assertThat(agent.connected()).isTrue();
  }

  private void sendCommand(String commandId, String action, JsonObject payload) throws Exception {
    send(new JsonObject().put("type", "command").put("timestamp", Instant.now().toString()).put("payload",
        new JsonObject().put("commandId", commandId).put("action", action).put("payload", payload)));
  }

  private void send(JsonObject message) throws Exception {
    socket.get(5, TimeUnit.SECONDS).writeTextMessage(message.encode()).await(5, TimeUnit.SECONDS);
  }

  /** The next ack/complete/failed with its timestamp removed, as {type, payload}. */
  private JsonObject nextCommandReply() throws Exception {
    while (true) {
      JsonObject m = received.poll(5, TimeUnit.SECONDS);
      assertThat(m).as("a command reply within 5 s").isNotNull();
      if (List.of("ack", "complete", "failed").contains(m.getString("type"))) {
        assertThat(Instant.parse(m.getString("timestamp"))).isNotNull();
        m.remove("timestamp");
        return m;
      }
    }
  }

  private JsonObject next(String type) throws Exception {
    while (true) {
      JsonObject m = received.poll(5, TimeUnit.SECONDS);
      assertThat(m).as("a " + type + " within 5 s").isNotNull();
      if (type.equals(m.getString("type"))) {
        return m;
      }
    }
  }

  private static JsonObject reply(String type, String commandId) {
    return new JsonObject().put("type", type).put("payload", new JsonObject().put("commandId", commandId));
  }

  private static JsonObject reply(String type, String commandId, String field, Object value) {
    JsonObject r = reply(type, commandId);
    r.getJsonObject("payload").put(field, value);
    return r;
  }
}
