package io.loadstone.sandbox.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VncProxyTest {
  private Vertx vertx;
  private ControlPlaneFixture cp;
  private TestAgent agent;
  private WebSocketClient browsers;
  private String admin;
  private String alice;
  private String session;

  /** a browser's VNC WebSocket: binary frames in, close observed */
  private static final class Viewer {
    final WebSocket ws;
    final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    final Promise<Void> closed = Promise.promise();

    Viewer(WebSocket ws) {
      this.ws = ws;
      ws.binaryMessageHandler(b -> frames.add(b.getBytes()));
      ws.closeHandler(v -> closed.tryComplete());
    }

    String next() throws InterruptedException {
      byte[] b = frames.poll(3, TimeUnit.SECONDS);
      return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    boolean awaitClosed() {
      try {
        closed.future().toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS);
        return true;
      } catch (Exception e) {
        return false;
      }
    }
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    cp = ControlPlaneFixture.start(vertx);
    agent = cp.onlineAgent("k8s-agent-1");
    admin = cp.adminToken();
    alice = cp.login("alice", "alice-pw");
    browsers = vertx.createWebSocketClient();
    session = cp.createSession(admin, "alice");
    await().atMost(Duration.ofSeconds(3)).until(() -> "running".equals(cp.state(admin, session)));
  }

  @AfterEach
  void stop() {
    browsers.close();
    agent.close();
    cp.close();
    ControlPlaneFixture.await(vertx.close());
  }

  private WebSocketConnectOptions options(String sessionId, String token) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(cp.controlPlane.port())
        .setURI("/api/v1/vnc/" + sessionId + (token == null ? "" : "?token=" + token));
  }

  /** handlers are set in the connect callback: the proxy flushes buffered bytes right after the upgrade */
  private Viewer open(String token) {
    return ControlPlaneFixture.await(browsers.connect(options(session, token)).map(Viewer::new));
  }

  private int rejection(WebSocketConnectOptions options) {
    try {
      browsers.connect(options).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      return 101;
    } catch (Exception e) {
      assertThat(e.getCause()).isInstanceOf(UpgradeRejectedException.class);
      return ((UpgradeRejectedException) e.getCause()).getStatus();
    }
  }

  private void agentSends(String text) {
    agent.send("vnc_data", new JsonObject().put("sessionId", session)
        .put("data", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1))));
  }

  @Test
  void everyCheckAnswersInPlainHttpBeforeTheUpgrade() {
    assertThat(rejection(options(session, null))).as("no token").isEqualTo(401);
    assertThat(rejection(options(session, "garbage"))).as("bad token").isEqualTo(401);
    assertThat(rejection(options("nope", alice))).as("unknown session").isEqualTo(404);
    assertThat(rejection(options(session, cp.login("bob", "bob-pw")))).as("not the owner").isEqualTo(403);
    assertThat(rejection(options(session, admin))).as("admin is not the owner either").isEqualTo(403);
    agent.mode = TestAgent.Mode.ACK_ONLY;
    String pending = cp.createSession(admin, "alice");
    assertThat(rejection(options(pending, alice))).as("not running").isEqualTo(409);
    agent.disconnect();
    await().atMost(Duration.ofSeconds(3)).until(() -> rejection(options(session, alice)) == 503);
  }

  @Test
  void aBearerHeaderIsAcceptedLikeTheQueryToken() {
    WebSocketConnectOptions options = options(session, null).addHeader("Authorization", "Bearer " + alice);
    Viewer viewer = ControlPlaneFixture.await(browsers.connect(options).map(Viewer::new));
    assertThat(viewer.ws.isClosed()).isFalse();
  }

  @Test
  void bytesRelayBothWaysAndTheGreetingSentBeforeAttachIsFlushed() throws InterruptedException {
    agent.echoVnc = true;
    String activity = cp.session(admin, session).getJsonObject("status").getString("lastActivity");
    agentSends("RFB 003.008\n");
    // messages on one WebSocket are handled in order: once this status shows, the greeting is buffered
    agent.send("status", new JsonObject().put("sessionId", session).put("state", "running").put("vncReady", true).put("vncPort", 3000));
    await().atMost(Duration.ofSeconds(2)).until(() ->
        !activity.equals(cp.session(admin, session).getJsonObject("status").getString("lastActivity")));
    Viewer viewer = open(alice);
    assertThat(viewer.next()).isEqualTo("RFB 003.008\n");
    assertThat(cp.session(admin, session).getInteger("activeConnections")).isEqualTo(1);
    ControlPlaneFixture.await(viewer.ws.writeBinaryMessage(Buffer.buffer(new byte[] {'R', 'F', 'B', 0, (byte) 0xff})));
    byte[] atAgent = agent.vncIn.poll(3, TimeUnit.SECONDS);
    assertThat(atAgent).containsExactly('R', 'F', 'B', 0, (byte) 0xff);
    assertThat(viewer.next()).isEqualTo("echo:RFB\0\u00ff");
  }

  @Test
  void closingTheBrowserSendsVncCloseAndDropsTheBuffer() throws InterruptedException {
    Viewer viewer = open(alice);
    ControlPlaneFixture.await(viewer.ws.close());
    JsonObject close = agent.next("vnc_close", 3000);
    assertThat(close).isNotNull();
    assertThat(close.getJsonObject("payload")).isEqualTo(new JsonObject().put("sessionId", session).put("reason", "client_disconnect"));
    await().atMost(Duration.ofSeconds(2)).until(() -> cp.session(admin, session).getInteger("activeConnections") == 0);
    agentSends("RFB 003.008\n");
    Viewer next = open(alice);
    assertThat(next.next()).as("a fresh handshake for the next viewer").isEqualTo("RFB 003.008\n");
  }

  @Test
  void aVncErrorClosesTheBrowser() {
    Viewer viewer = open(alice);
    agent.send("vnc_error", new JsonObject().put("sessionId", session).put("error", "Port-forward failed: pod not found"));
    assertThat(viewer.awaitClosed()).isTrue();
  }

  @Test
  void aSecondViewerClosesTheFirst() throws InterruptedException {
    Viewer first = open(alice);
    Viewer second = open(alice);
    assertThat(first.awaitClosed()).isTrue();
    assertThat(agent.next("vnc_close", 3000)).isNotNull();
    agentSends("after");
    assertThat(second.next()).isEqualTo("after");
    assertThat(cp.session(admin, session).getInteger("activeConnections")).isEqualTo(1);
  }

  @Test
  void losingTheAgentClosesItsViewers() {
    Viewer viewer = open(alice);
    agent.disconnect();
    assertThat(viewer.awaitClosed()).isTrue();
    assertThat(cp.call(HttpMethod.GET, "/api/v1/sessions/" + session, admin, null).bodyAsJsonObject()
        .getInteger("activeConnections")).isZero();
  }
}
