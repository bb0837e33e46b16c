package io.loadstone.worker.vnc;

import static io.loadstone.worker.TestSupport.failure;
import static io.loadstone.worker.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.worker.platform.PlatformClient;
import io.loadstone.worker.platform.PlatformTarget;
import io.loadstone.worker.vnc.ScriptedRfbServer.Script;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each way a VNC probe can fail, against a scripted server, classified with the session and the step. */
class RfbClientFailuresTest {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    result(vertx.close());
  }

  private static Throwable probeFailure(Script script) {
    ScriptedRfbServer server = ScriptedRfbServer.start(vertx, script);
    PlatformClient platform = PlatformClient.create(vertx, PlatformTarget.of(server.url(), "admin", "pw"));
    RfbClient vnc = RfbClient.create(vertx, platform, Duration.ofMillis(500));
    try {
      return failure(vnc.probe("s-1"));
    } finally {
      result(vnc.close());
      result(platform.close());
      result(server.close());
    }
  }

  @Test
  void aServerThatNeverGreetsTimesOutAtTheVersionStep() {
    Throwable e = probeFailure(Script.SILENT);
    assertThat(e).isInstanceOf(VncTimeoutException.class);
    assertThat(((VncException) e).step()).isEqualTo("version");
    assertThat(((VncException) e).sessionId()).isEqualTo("s-1");
    assertThat(e.getMessage()).contains("s-1", "version", "500 ms").doesNotContain("scripted.token.value");
  }

  @Test
  void anOlderRfbVersionIsAProtocolError() {
    Throwable e = probeFailure(Script.OLD_VERSION);
    assertThat(e).isInstanceOf(VncProtocolException.class);
    assertThat(((VncException) e).step()).isEqualTo("version");
    assertThat(e.getMessage()).contains("RFB 003.003");
  }

  @Test
  void noSecurityTypeNoneIsAProtocolError() {
    Throwable e = probeFailure(Script.NO_NONE_SECURITY);
    assertThat(e).isInstanceOf(VncProtocolException.class);
    assertThat(((VncException) e).step()).isEqualTo("security");
    assertThat(e.getMessage()).contains("offered [2]");
  }

  @Test
  void aCloseMidHandshakeIsClosedEarlyAtThatStep() {
    Throwable e = probeFailure(Script.CLOSE_AFTER_GREETING);
    assertThat(e).isInstanceOf(VncClosedException.class);
    assertThat(((VncException) e).step()).isEqualTo("security");
  }

  @Test
  void anUnreachableControlPlaneIsUnreachableNotRefused() {
    ScriptedRfbServer server = ScriptedRfbServer.start(vertx, Script.SILENT);
    PlatformClient platform = PlatformClient.create(vertx, PlatformTarget.of(server.url(), "admin", "pw"));
    result(platform.bearerToken());
    result(server.close());
    RfbClient vnc = RfbClient.create(vertx, platform, Duration.ofSeconds(2));
    try {
      Throwable e = failure(vnc.probe("s-2"));
      assertThat(e).isInstanceOf(VncUnreachableException.class);
      assertThat(((VncException) e).step()).isEqualTo("upgrade");
      assertThat(e.getMessage()).contains(server.url().replace("http", "ws")).doesNotContain("scripted.token.value");
    } finally {
      result(vnc.close());
      result(platform.close());
    }
  }

  @Test
  void aServerSpeakingBase64TextIsAnsweredInTextAndUnderstood() {
    ScriptedRfbServer server = ScriptedRfbServer.start(vertx, Script.BASE64_TEXT);
    PlatformClient platform = PlatformClient.create(vertx, PlatformTarget.of(server.url(), "admin", "pw"));
    RfbClient vnc = RfbClient.create(vertx, platform, Duration.ofSeconds(2));
    try {
      RfbResult r = result(vnc.probe("s-3"));
      assertThat(r.desktopName()).isEqualTo(ScriptedRfbServer.TEXT_DESKTOP);
      assertThat(r.width()).isEqualTo(2);
      assertThat(r.firstFrameBytes()).isEqualTo(2 * 2 * 4 + 16);
      assertThat(server.clientMessageKinds).isNotEmpty().containsOnly("text");
    } finally {
      result(vnc.close());
      result(platform.close());
      result(server.close());
    }
  }
}
