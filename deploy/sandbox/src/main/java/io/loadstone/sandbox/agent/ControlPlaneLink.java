package io.loadstone.sandbox.agent;

import io.loadstone.sandbox.truth.GroundTruth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's link to the control plane, as the real agent's {@code main.go}: register with
 * {@code POST /api/v1/agents/register}, open {@code /api/v1/agents/connect?agent_id=<id>} (both with
 * {@code X-Agent-API-Key}), heartbeat every {@code heartbeatInterval}, ping every {@code wsPingInterval} and drop the
 * socket when nothing arrived for {@code wsPongWait}; when the socket goes, retry with the {@code reconnectBackoff}
 * delays (the last repeats), registering again on each try.
 *
 * <p>Single writer: every message is written from the agent's context (the real agent's P0-AGENT-001 was a
 * concurrent WebSocket write; this class cannot have it). A message sent while disconnected is dropped, as the real
 * agent drops it. Every connect, drop, retry and failed retry goes to the {@link GroundTruth} agent timeline
 * ({@code connected}, {@code disconnected}, {@code reconnecting}, {@code reconnect-failed}).
 *
 * <p>Faults: {@link #cut} drops the TCP connection under the WebSocket without a close frame (a network cut: this
 * side sees a read error, the control plane a closed connection), and while the {@link NetworkCut} says so every
 * reconnect attempt fails as an unreachable network would. {@link #kill} is a process death: the connection goes
 * the same way and nothing is retried.
 */
final class ControlPlaneLink implements Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneLink.class);
  private static final long REQUEST_TIMEOUT_MS = 10_000;
  private static final int MAX_MESSAGE_BYTES = 512 * 1024;
  private final Vertx vertx;
  private final AgentSettings settings;
  private final GroundTruth truth;
  private final Consumer<JsonObject> onMessage;
  private final IntSupplier activeSessions;
  private final HeartbeatStall stall;
  private final NetworkCut network;
  private final URI base;
  private final HttpClient http;
  private final WebSocketClient wsClient;
  private WebSocket ws;
  private volatile boolean connected;
  private boolean stopping;
  private long lastFrameNanos;
  private long heartbeatTimer = -1;
  private long pingTimer = -1;
  private long reconnectTimer = -1;
  /** why the current connection is being cut by a fault; reported instead of the plain close */
  private String cutDetail;
  private final List<Runnable> drainWaiters = new ArrayList<>();

  ControlPlaneLink(Vertx vertx, AgentSettings settings, GroundTruth truth, Consumer<JsonObject> onMessage,
                   IntSupplier activeSessions, HeartbeatStall stall, NetworkCut network) {
    this.vertx = vertx;
    this.settings = settings;
    this.truth = truth;
    this.onMessage = onMessage;
    this.activeSessions = activeSessions;
    this.stall = stall;
    this.network = network;
    this.base = httpBase(settings.controlPlaneUrl());
    this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
    this.wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(5_000)
        .setMaxFrameSize(MAX_MESSAGE_BYTES).setMaxMessageSize(MAX_MESSAGE_BYTES));
  }

  /** First registration and connection; then the heartbeat and ping timers run until {@link #close}. */
  Future<Void> start() {
    LOG.info("[K8sAgent] Starting agent: {} (platform: kubernetes, region: {})", settings.agentId(),
        settings.region());
    return connect().onSuccess(v -> {
      truth.agent(settings.agentId(), "connected", "registered, WebSocket open");
      heartbeatTimer = vertx.setPeriodic(settings.timings().heartbeatInterval().toMillis(), t -> heartbeat());
      pingTimer = vertx.setPeriodic(settings.timings().wsPingInterval().toMillis(), t -> pingOrDrop());
    });
  }

  boolean connected() {
    return connected;
  }

  @Override
  public boolean send(String type, JsonObject payload) {
    WebSocket socket = ws;
    if (socket == null) {
      LOG.warn("[K8sAgent] {} Warning: Dropped {} message (connection is nil)", settings.agentId(), type);
      return false;
    }
    socket.writeTextMessage(Envelope.of(type, payload).encode()).onFailure(err ->
        LOG.warn("[K8sAgent] {} Write error ({}): {}", settings.agentId(), type, err.getMessage()));
    return true;
  }

  @Override
  public boolean writeQueueFull() {
    WebSocket socket = ws;
    return socket != null && socket.writeQueueFull();
  }

  @Override
  public void whenDrained(Runnable resume) {
    drainWaiters.add(resume);
  }

  private void drained() {
    List<Runnable> waiting = List.copyOf(drainWaiters);
    drainWaiters.clear();
    waiting.forEach(Runnable::run);
  }

  /** Stops timers and reconnects, then closes the socket. */
  Future<Void> close() {
    stopping = true;
    vertx.cancelTimer(heartbeatTimer);
    vertx.cancelTimer(pingTimer);
    vertx.cancelTimer(reconnectTimer);
    WebSocket socket = ws;
    ws = null;
    connected = false;
    Future<Void> closing = socket == null ? Future.succeededFuture() : socket.close().otherwiseEmpty();
    return closing.eventually(() -> Future.join(http.close(), wsClient.close()));
  }

  /**
   * Cuts the live connection as a network failure would (no close frame); the usual reconnect loop follows, and
   * {@code detail} is what the timeline's {@code disconnected} says. False when there is no connection to cut.
   */
  boolean cut(String detail) {
    WebSocket socket = ws;
    if (socket == null || stopping) {
      return false;
    }
    cutDetail = detail;
    abort(socket);
    return true;
  }

  /** The process dies: timers stop, the connection drops without a close frame, nothing is retried or sent. */
  void kill() {
    stopping = true;
    vertx.cancelTimer(heartbeatTimer);
    vertx.cancelTimer(pingTimer);
    vertx.cancelTimer(reconnectTimer);
    WebSocket socket = ws;
    ws = null;
    connected = false;
    if (socket != null) {
      abort(socket);
    }
  }

  /** Closes the TCP connection under the WebSocket, so the peer gets no close frame. */
  private static void abort(WebSocket socket) {
    if (socket instanceof WebSocketInternal internal) {
      internal.channelHandlerContext().channel().close();
    } else {
      socket.close();
    }
  }

  private Future<Void> connect() {
    return register().compose(v -> openSocket());
  }

  private Future<Void> register() {
    JsonObject body = new JsonObject()
        .put("agentId", settings.agentId())
        .put("platform", "kubernetes")
        .put("region", settings.region())
        .put("capacity", capacity())
        .put("metadata", new JsonObject().put("namespace", settings.namespace()).put("kubernetes", true));
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(base.resolve("/api/v1/agents/register").toString())
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Agent-API-Key", settings.apiKey());
    return http.request(request)
        .compose(req -> req.send(body.toBuffer()))
        .compose(resp -> resp.body().compose(bytes -> {
          if (resp.statusCode() != 200 && resp.statusCode() != 201) {
            return Future.failedFuture("registration failed with status " + resp.statusCode() + ": " + bytes);
          }
          String status = "";
          try {
            status = new JsonObject(bytes).getString("status", "");
          } catch (RuntimeException ignored) {
            // a registration answer without a JSON body still registered the agent
          }
          LOG.info("[K8sAgent] Registered successfully: {} (status: {})", settings.agentId(), status);
          return Future.<Void>succeededFuture();
        }))
        .timeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private Future<Void> openSocket() {
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(base.getHost())
        .setPort(port(base))
        .setSsl("https".equals(base.getScheme()))
        .setURI("/api/v1/agents/connect?agent_id=" + URLEncoder.encode(settings.agentId(), StandardCharsets.UTF_8))
        .addHeader("X-Agent-API-Key", settings.apiKey());
    return wsClient.connect(options).timeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).map(socket -> {
      if (stopping) {
        socket.close();
        return null;
      }
      attach(socket);
      LOG.info("[K8sAgent] {} WebSocket connected to Control Plane: {}", settings.agentId(), base);
      return null;
    });
  }

  private void attach(WebSocket socket) {
    ws = socket;
    connected = true;
    lastFrameNanos = System.nanoTime();
    socket.textMessageHandler(text -> {
      lastFrameNanos = System.nanoTime();
      Envelope.parse(text).ifPresentOrElse(onMessage, () ->
          LOG.warn("[K8sAgent] {} Failed to handle message: not an envelope", settings.agentId()));
    });
    socket.pongHandler(b -> lastFrameNanos = System.nanoTime());
    socket.exceptionHandler(err -> LOG.debug("[K8sAgent] {} WebSocket error: {}", settings.agentId(),
        err.getMessage()));
    socket.closeHandler(v -> onClosed(socket));
    socket.drainHandler(v -> drained());
    // producers paused on the previous connection's full queue resume on the new one
    drained();
  }

  private void onClosed(WebSocket socket) {
    if (ws != socket) {
      return;
    }
    ws = null;
    connected = false;
    if (stopping) {
      return;
    }
    String reason = cutDetail != null ? cutDetail : "WebSocket closed" + (socket.closeStatusCode() == null ? ""
        : " (status " + socket.closeStatusCode() + (socket.closeReason() == null ? "" : ", " + socket.closeReason()) + ")");
    cutDetail = null;
    LOG.warn("[K8sAgent] {} Read error, attempting reconnect... ({})", settings.agentId(), reason);
    truth.agent(settings.agentId(), "disconnected", reason);
    scheduleReconnect(0);
  }

  private void scheduleReconnect(int attempt) {
    if (stopping) {
      return;
    }
    List<Duration> backoff = settings.timings().reconnectBackoff();
    Duration delay = backoff.isEmpty() ? Duration.ofSeconds(2) : backoff.get(Math.min(attempt, backoff.size() - 1));
    LOG.info("[K8sAgent] {} Reconnect attempt {} (waiting {} ms)", settings.agentId(), attempt + 1, delay.toMillis());
    reconnectTimer = vertx.setTimer(Math.max(1, delay.toMillis()), t -> {
      if (stopping) {
        return;
      }
      truth.agent(settings.agentId(), "reconnecting", "attempt " + (attempt + 1) + " after " + delay.toMillis() + "ms");
      Future<Void> tried = network.cutting()
          .map(f -> Future.<Void>failedFuture("failed to register: Post \"" + base.resolve("/api/v1/agents/register")
              + "\": dial tcp " + base.getHost() + ":" + port(base) + ": connect: network is unreachable ("
              + NetworkCut.describe(f) + ")"))
          .orElseGet(this::connect);
      tried.onComplete(ar -> {
        if (stopping) {
          return;
        }
        if (ar.succeeded()) {
          LOG.info("[K8sAgent] {} Reconnected successfully", settings.agentId());
          truth.agent(settings.agentId(), "connected", "reconnected on attempt " + (attempt + 1));
        } else {
          LOG.warn("[K8sAgent] {} Reconnect attempt {} failed: {}", settings.agentId(), attempt + 1,
              ar.cause().getMessage());
          truth.agent(settings.agentId(), "reconnect-failed", "attempt " + (attempt + 1) + ": " + ar.cause().getMessage());
          scheduleReconnect(attempt + 1);
        }
      });
    });
  }

  private void heartbeat() {
    if (ws == null || stall.stalled()) {
      return;
    }
    send(Envelope.HEARTBEAT, new JsonObject().put("status", "online").put("activeSessions", activeSessions.getAsInt())
        .put("capacity", capacity()));
  }

  /** The real agent's read deadline: a silent connection is dropped, which starts the reconnect loop. */
  private void pingOrDrop() {
    WebSocket socket = ws;
    if (socket == null) {
      return;
    }
    if (System.nanoTime() - lastFrameNanos > settings.timings().wsPongWait().toNanos()) {
      LOG.warn("[K8sAgent] {} Nothing from the Control Plane for {} ms, closing the connection", settings.agentId(),
          settings.timings().wsPongWait().toMillis());
      socket.close();
      return;
    }
    socket.writePing(Buffer.buffer()).onFailure(err ->
        LOG.warn("[K8sAgent] {} Ping error: {}", settings.agentId(), err.getMessage()));
  }

  private static JsonObject capacity() {
    return new JsonObject().put("maxSessions", 100).put("cpu", "100 cores").put("memory", "128Gi");
  }

  static URI httpBase(String url) {
    String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    if (u.startsWith("wss://")) {
      u = "https://" + u.substring(6);
    } else if (u.startsWith("ws://")) {
      u = "http://" + u.substring(5);
    }
    return URI.create(u);
  }

  private static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "https".equals(uri.getScheme()) ? 443 : 80;
  }
}
