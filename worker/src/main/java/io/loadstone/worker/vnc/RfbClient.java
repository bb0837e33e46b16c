package io.loadstone.worker.vnc;

import io.loadstone.worker.platform.PlatformClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes a session's desktop the way a browser reaches it: WebSocket {@code /api/v1/vnc/{id}?token=} on the control
 * plane, the RFB 3.8 client handshake with security None, ServerInit (size, desktop name), one FramebufferUpdateRequest
 * for the whole screen, and the complete first FramebufferUpdate (Raw, at the server's pixel format). The connection
 * is closed afterwards. Each step has its own timeout; failures are {@link VncException}s naming the session and the
 * step. The token comes from the {@link PlatformClient} and is never logged.
 * <pre>
 * RfbClient vnc = RfbClient.create(vertx, platform, Duration.ofSeconds(10));
 * vnc.probe(sessionId).onSuccess(r -> r.desktopIs(sessionId) ...);
 * </pre>
 * Thread-safe; probes may run concurrently (one WebSocket each).
 */
public final class RfbClient {
  public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(RfbClient.class);
  private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private final Vertx vertx;
  private final PlatformClient platform;
  private final long stepTimeoutMillis;
  private final WebSocketClient client;
  private final URI base;

  private RfbClient(Vertx vertx, PlatformClient platform, Duration stepTimeout) {
    this.vertx = vertx;
    this.platform = Objects.requireNonNull(platform, "platform");
    this.stepTimeoutMillis = stepTimeout.toMillis();
    if (stepTimeoutMillis <= 0) {
      throw new IllegalArgumentException("stepTimeout: expected a positive duration, got " + stepTimeout);
    }
    this.base = URI.create(platform.apiUrl());
    WebSocketClientOptions options = new WebSocketClientOptions()
        .setMaxFrameSize(MAX_MESSAGE_BYTES).setMaxMessageSize(MAX_MESSAGE_BYTES)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, stepTimeoutMillis));
    if (platform.target().insecureTls()) {
      options.setTrustAll(true).setVerifyHost(false);
    }
    this.client = vertx.createWebSocketClient(options);
  }

  /** @param stepTimeout the limit on each step: upgrade, version, security, ServerInit, first update */
  public static RfbClient create(Vertx vertx, PlatformClient platform, Duration stepTimeout) {
    return new RfbClient(vertx, platform, stepTimeout);
  }

  /**
   * Connects to the session's desktop and reads its first full frame. The result's desktop name is what the pod
   * announced: compare it with the session id ({@link RfbResult#desktopIs}) to catch a cross-wired tunnel.
   */
  public Future<RfbResult> probe(String sessionId) {
    return probe(sessionId, null);
  }

  /** As {@link #probe(String)}, with a token of {@code owner} (null: the login's own), as only the owner may view. */
  public Future<RfbResult> probe(String sessionId, String owner) {
    Objects.requireNonNull(sessionId, "sessionId");
    Context context = vertx.getOrCreateContext();
    return (owner == null ? platform.bearerToken() : platform.bearerToken(owner)).compose(token -> {
      Promise<RfbResult> result = Promise.promise();
      context.runOnContext(v -> run(sessionId, token).onComplete(result));
      return result.future();
    });
  }

  /** Closes the WebSocket client; probes in flight fail. */
  public Future<Void> close() {
    return client.close();
  }

  private Future<RfbResult> run(String sessionId, String token) {
    boolean https = "https".equals(base.getScheme());
    int port = base.getPort() > 0 ? base.getPort() : https ? 443 : 80;
    String path = "/api/v1/vnc/" + pathSegment(sessionId);
    ClientWebSocket ws = client.webSocket();
    RfbConnection connection = new RfbConnection(vertx, ws, sessionId, stepTimeoutMillis);
    connection.attach();
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(base.getHost()).setPort(port).setSsl(https)
        .setURI(path + "?token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8))
        .setTimeout(stepTimeoutMillis).setConnectTimeout(stepTimeoutMillis);
    String safeUrl = base.getScheme().replace("http", "ws") + "://" + base.getHost() + ":" + port + path;
    Promise<Long> upgraded = Promise.promise();
    long timer = vertx.setTimer(stepTimeoutMillis,
        id -> upgraded.tryFail(new VncTimeoutException(sessionId, "upgrade", stepTimeoutMillis)));
    ws.connect(options).onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        upgraded.tryComplete(System.nanoTime());
      } else {
        upgraded.tryFail(classify(sessionId, safeUrl, ar.cause()));
      }
    });
    return upgraded.future()
        .compose(connection::run)
        .onSuccess(r -> LOG.debug("session {}: VNC desktop \"{}\" {}x{}, first update {} bytes", sessionId,
            r.desktopName(), r.width(), r.height(), r.firstFrameBytes()))
        .onFailure(e -> LOG.info("{}", e.getMessage()))
        .eventually(() -> ws.isClosed() ? Future.succeededFuture() : ws.close().otherwiseEmpty());
  }

  private VncException classify(String sessionId, String safeUrl, Throwable cause) {
    if (cause instanceof UpgradeRejectedException rejected) {
      String body = rejected.getBody() == null ? "" : rejected.getBody().toString(StandardCharsets.UTF_8);
      return new VncRefusedException(sessionId, rejected.getStatus(), body.length() > 200 ? body.substring(0, 200) : body);
    }
    if (cause instanceof TimeoutException) {
      return new VncTimeoutException(sessionId, "upgrade", stepTimeoutMillis);
    }
    if (cause instanceof ConnectException || cause instanceof UnknownHostException || cause instanceof SSLException
        || cause.getCause() instanceof ConnectException || cause.getCause() instanceof UnknownHostException) {
      return new VncUnreachableException(sessionId, safeUrl, cause);
    }
    // whatever else went wrong, say what without quoting it: a client error message could hold the request URI
    return new VncClosedException(sessionId, "upgrade", "the upgrade failed (" + cause.getClass().getSimpleName() + ")");
  }

  private static String pathSegment(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
