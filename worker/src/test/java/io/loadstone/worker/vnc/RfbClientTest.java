package io.loadstone.worker.vnc;

import static io.loadstone.worker.TestSupport.failure;
import static io.loadstone.worker.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.sandbox.fault.FaultKind;
import io.loadstone.sandbox.fault.FaultSpec;
import io.loadstone.sandbox.testing.TestSandbox;
import io.loadstone.worker.TestSupport;
import io.loadstone.worker.platform.CreateSessionRequest;
import io.loadstone.worker.platform.PlatformClient;
import io.loadstone.worker.platform.PlatformTarget;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** VNC probes through the sandbox's control plane, agent tunnel and pod RFB servers. */
class RfbClientTest {
  private static TestSandbox sandbox;
  private static Vertx vertx;
  private static PlatformClient platform;
  private static RfbClient vnc;

  @BeforeAll
  static void start() {
    sandbox = TestSupport.startSandbox("", "");
    vertx = Vertx.vertx();
    platform = TestSupport.adminClient(vertx, sandbox);
    vnc = RfbClient.create(vertx, platform, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    result(vnc.close());
    result(platform.close());
    result(vertx.close());
    sandbox.close();
  }

  private static String create() {
    return result(platform.createSession(new CreateSessionRequest("admin", "firefox-browser", null, false, null))).name();
  }

  private static String createRunning() {
    String id = create();
    // generous: on a loaded two-core machine a session has taken over 10 s to run; the test is about VNC, not speed
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "running".equals(sandbox.state(id)));
    return id;
  }

  @Test
  void theDesktopIsNamedAfterTheSessionAndTheFirstFrameCoversTheScreen() {
    String id = createRunning();
    long before = System.nanoTime();

    RfbResult r = result(vnc.probe(id));

    assertThat(r.desktopName()).isEqualTo(id);
    assertThat(r.desktopIs(id)).isTrue();
    assertThat(r.width()).isPositive();
    assertThat(r.height()).isPositive();
    assertThat(r.firstFrameBytes()).isEqualTo((long) r.width() * r.height() * 4 + 16);
    assertThat(List.of(before, r.connectedNanos(), r.serverInitNanos(), r.firstFrameNanos(), System.nanoTime()))
        .isSorted();
  }

  @Test
  void aSecondProbeOfTheSameSessionGetsAFreshHandshake() {
    String id = createRunning();
    assertThat(result(vnc.probe(id)).desktopName()).isEqualTo(id);
    assertThat(result(vnc.probe(id)).desktopName()).isEqualTo(id);
  }

  @Test
  void anUnknownSessionIsRefusedWith404() {
    Throwable e = failure(vnc.probe("admin-firefox-browser-00000000"));
    assertThat(e).isInstanceOf(VncRefusedException.class);
    VncRefusedException refused = (VncRefusedException) e;
    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.sessionId()).isEqualTo("admin-firefox-browser-00000000");
    assertThat(refused.step()).isEqualTo("upgrade");
    assertThat(e.getMessage()).contains("admin-firefox-browser-00000000", "404")
        .doesNotContain(result(platform.bearerToken()));
  }

  @Test
  void aSessionWhoseStartWasDroppedIsRefusedWith409() {
    sandbox.sandbox().faults().add(new FaultSpec(FaultKind.DROP_START_COMMAND, 1, null, null, List.of(), null, null,
        null, null, null));
    String id = create();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sandbox.sandbox().truth().find(id).orElseThrow()
        .faultKinds().contains("drop-start-command"));
    // a start that was not dropped would have the session running well within this
    Awaitility.await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
        .until(() -> "pending".equals(sandbox.state(id)));

    Throwable e = failure(vnc.probe(id));
    assertThat(e).isInstanceOf(VncRefusedException.class);
    assertThat(((VncRefusedException) e).status()).isEqualTo(409);
    assertThat(((VncRefusedException) e).bodyExcerpt()).contains("pending");
    assertThat(e.getMessage()).contains(id);
  }

  @Test
  void aCrossWiredTunnelShowsAnotherSessionsDesktop() {
    createRunning(); // another serving pod for the tunnel to be wired to
    sandbox.sandbox().faults().add(new FaultSpec(FaultKind.VNC_CROSS_WIRE, 1, null, null, List.of(), null, null, null,
        null, null));
    String second = createRunning();

    RfbResult r = result(vnc.probe(second));

    String wiredTo = sandbox.sandbox().truth().find(second).orElseThrow().attribute("tunnelPod");
    assertThat(wiredTo).as("the fault fired for %s", second).isNotNull();
    assertThat(r.desktopIs(second)).isFalse();
    assertThat(r.desktopName()).isNotEqualTo(second).startsWith("admin-firefox-browser-");
    assertThat(wiredTo).startsWith(r.desktopName() + "-");
  }

  @Test
  void aClosedPortIsUnreachable() {
    String url = "http://127.0.0.1:" + TestSupport.closedPort();
    PlatformClient nowhere = PlatformClient.create(vertx, PlatformTarget.of(url, "admin", "secret"));
    try {
      // the token comes from the platform first: an unreachable platform fails there, before any WebSocket
      assertThat(failure(RfbClient.create(vertx, nowhere, Duration.ofSeconds(2)).probe("x")))
          .isInstanceOf(io.loadstone.worker.platform.PlatformUnreachableException.class);
    } finally {
      nowhere.close();
    }
  }
}
