package io.loadstone.sandbox.controlplane;

import static io.loadstone.sandbox.controlplane.ControlPlaneFixture.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The agent side of the protocol, for tests: registers with its API key, connects the WebSocket, heartbeats, and
 * answers commands like the real agent (ack at once, then status + complete) unless told otherwise. Everything the
 * control plane sends is kept per message type for the test to {@link #next take}.
 */
final class TestAgent implements AutoCloseable {
  /** how the agent answers commands */
  enum Mode { AUTO, ACK_ONLY, SILENT, FAIL }

  final String agentId;
  private final Vertx vertx;
  private final int port;
  private final String key;
  private final Duration heartbeatInterval;
  private final WebClient http;
  private final WebSocketClient wsClient;
  private final Map<String, BlockingQueue<JsonObject>> inbox = new ConcurrentHashMap<>();
  final BlockingQueue<byte[]> vncIn = new LinkedBlockingQueue<>();
  volatile Mode mode = Mode.AUTO;
  volatile boolean echoVnc;
  private volatile WebSocket ws;
  private volatile Promise<Void> closed;
  private volatile long heartbeatTimer = -1;

  TestAgent(Vertx vertx, int port, String agentId, String key, Duration heartbeatInterval) {
    this.vertx = vertx;
    this.port = port;
    this.agentId = agentId;
    this.key = key;
    this.heartbeatInterval = heartbeatInterval;
    this.http = WebClient.create(vertx);
    this.wsClient = vertx.createWebSocketClient();
  }

  HttpResponse<Buffer> register() {
    return register(key, new JsonObject().put("agentId", agentId).put("platform", "kubernetes").put("region", "local")
        .put("capacity", new JsonObject().put("maxSessions", 50).put("cpu", "16").put("memory", "64Gi"))
        .put("metadata", new JsonObject().put("version", "test")));
  }

  HttpResponse<Buffer> register(String apiKey, JsonObject body) {
    var request = http.post(port, "127.0.0.1", "/api/v1/agents/register");
    if (apiKey != null) {
      request.putHeader("X-Agent-API-Key", apiKey);
    }
    return await(request.sendJsonObject(body));
  }

  /** connects with this agent's key; fails the test if the upgrade is refused */
  TestAgent connect() {
    ws = await(tryConnect(key));
    return this;
  }

  Future<WebSocket> tryConnect(String apiKey) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/api/v1/agents/connect?agent_id=" + agentId);
    if (apiKey != null) {
      options.addHeader("X-Agent-API-Key", apiKey);
    }
    return wsClient.connect(options).onSuccess(this::wire);
  }

  private void wire(WebSocket socket) {
    Promise<Void> done = Promise.promise();
    closed = done;
    socket.closeHandler(v -> done.tryComplete());
    socket.textMessageHandler(text -> onMessage(socket, new JsonObject(text)));
  }

  private void onMessage(WebSocket socket, JsonObject message) {
    String type = message.getString("type");
    inbox.computeIfAbsent(type, k -> new LinkedBlockingQueue<>()).add(message);
    JsonObject payload = message.getJsonObject("payload");
    if ("command".equals(type)) {
      answer(socket, payload);
    } else if ("vnc_data".equals(type)) {
      byte[] data = Base64.getDecoder().decode(payload.getString("data"));
      vncIn.add(data);
      if (echoVnc) {
        byte[] reply = ("echo:" + new String(data, java.nio.charset.StandardCharsets.ISO_8859_1))
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        send(socket, "vnc_data", new JsonObject().put("sessionId", payload.getString("sessionId"))
            .put("data", Base64.getEncoder().encodeToString(reply)));
      }
    }
  }

  private void answer(WebSocket socket, JsonObject command) {
    String commandId = command.getString("commandId");
    String action = command.getString("action");
    String sessionId = command.getJsonObject("payload").getString("sessionId");
    if (mode == Mode.SILENT) {
      return;
    }
    send(socket, "ack", new JsonObject().put("commandId", commandId));
    if (mode == Mode.ACK_ONLY) {
      return;
    }
    if (mode == Mode.FAIL) {
      send(socket, "failed", new JsonObject().put("commandId", commandId).put("error", "pod not ready: timeout waiting for pod to be ready"));
      return;
    }
    switch (action) {
      case "start_session", "wake_session" -> status(socket, sessionId, "running");
      case "hibernate_session" -> status(socket, sessionId, "hibernated");
      default -> {
      }
    }
    send(socket, "complete", new JsonObject().put("commandId", commandId).put("result", new JsonObject().put("sessionId", sessionId)));
  }

  private void status(WebSocket socket, String sessionId, String state) {
    send(socket, "status", new JsonObject().put("sessionId", sessionId).put("state", state).put("vncReady", true)
        .put("vncPort", 3000).put("platformMetadata", new JsonObject().put("podName", sessionId + "-5d8c7b9f4-x7k2q")
            .put("podIP", "10.244.0.17")));
  }

  void send(String type, JsonObject payload) {
    send(ws, type, payload);
  }

  void sendRaw(String text) {
    await(ws.writeTextMessage(text));
  }

  private static void send(WebSocket socket, String type, JsonObject payload) {
    socket.writeTextMessage(new JsonObject().put("type", type).put("timestamp", Instant.now().toString())
        .put("payload", payload).encode());
  }

  void heartbeat() {
    send("heartbeat", new JsonObject().put("status", "online").put("activeSessions", 0)
        .put("capacity", new JsonObject().put("maxSessions", 50).put("cpu", "16").put("memory", "64Gi")));
  }

  void startHeartbeats() {
    heartbeat();
    heartbeatTimer = vertx.setPeriodic(heartbeatInterval.toMillis(), id -> {
      if (ws != null && !ws.isClosed()) {
        heartbeat();
      }
    });
  }

  void stopHeartbeats() {
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
  }

  /** the next message of this type the control plane sent, or null after the timeout */
  JsonObject next(String type, long timeoutMillis) {
    try {
      return inbox.computeIfAbsent(type, k -> new LinkedBlockingQueue<>()).poll(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** the next command (its {@code payload}), or null */
  JsonObject nextCommand(long timeoutMillis) {
    JsonObject message = next("command", timeoutMillis);
    return message == null ? null : message.getJsonObject("payload");
  }

  boolean awaitClosed(long timeoutMillis) {
    try {
      closed.future().toCompletionStage().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  boolean isClosed() {
    return ws == null || ws.isClosed();
  }

  void disconnect() {
    stopHeartbeats();
    if (ws != null && !ws.isClosed()) {
      await(ws.close());
      awaitClosed(5000);
    }
  }

  @Override
  public void close() {
    stopHeartbeats();
    if (ws != null && !ws.isClosed()) {
      ws.close();
    }
    http.close();
    wsClient.close();
  }
}
