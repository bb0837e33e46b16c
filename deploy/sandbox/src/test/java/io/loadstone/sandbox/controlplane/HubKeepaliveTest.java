package io.loadstone.sandbox.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hub's WebSocket keepalive: pings every wsPingInterval, a connection silent for wsPongWait is dropped. */
class HubKeepaliveTest {
  private Vertx vertx;
  private ControlPlaneFixture cp;
  private String admin;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    cp = ControlPlaneFixture.start(vertx, "timings: {staleAfter: 30s, wsPingInterval: 100ms, wsPongWait: 500ms}");
    admin = cp.adminToken();
  }

  @AfterEach
  void stop() {
    cp.close();
    ControlPlaneFixture.await(vertx.close());
  }

  private String status(String agentId) {
    return cp.get("/api/v1/admin/agents/" + agentId, admin).bodyAsJsonObject().getString("status");
  }

  @Test
  void aQuietConnectionThatAnswersPingsStaysOpen() throws InterruptedException {
    try (TestAgent agent = cp.agent("k8s-agent-1")) {
      agent.register();
      agent.connect();
      // no heartbeats and no messages: only the client's automatic pongs keep it alive past wsPongWait
      assertThat(agent.awaitClosed(1500)).isFalse();
      assertThat(status("k8s-agent-1")).isEqualTo("online");
    }
  }

  @Test
  void aConnectionThatNeverAnswersPingsIsDroppedAfterThePongWait() throws Exception {
    try (TestAgent agent = cp.agent("k8s-agent-1")) {
      agent.register();
    }
    NetClient net = vertx.createNetClient();
    NetSocket socket = ControlPlaneFixture.await(net.connect(cp.controlPlane.port(), "127.0.0.1"));
    Promise<Void> closed = Promise.promise();
    Promise<String> upgraded = Promise.promise();
    Buffer received = Buffer.buffer();
    socket.handler(data -> {
      received.appendBuffer(data);
      if (received.toString().contains("\r\n\r\n")) {
        upgraded.tryComplete(received.toString().split("\r\n")[0]);
      }
    });
    socket.closeHandler(v -> closed.tryComplete());
    // a hand-made upgrade: this client reads frames but never answers a ping
    socket.write("GET /api/v1/agents/connect?agent_id=k8s-agent-1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\nX-Agent-API-Key: " + cp.key("k8s-agent-1") + "\r\n\r\n");
    assertThat(upgraded.future().toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS)).contains("101");
    await().atMost(Duration.ofSeconds(2)).until(() -> "online".equals(status("k8s-agent-1")));
    closed.future().toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS);
    assertThat(status("k8s-agent-1")).isEqualTo("offline");
    assertThat(received.length()).as("pings were sent").isGreaterThan(upgradedLength(received));
    net.close();
  }

  private static int upgradedLength(Buffer received) {
    return received.toString().indexOf("\r\n\r\n") + 4;
  }
}
