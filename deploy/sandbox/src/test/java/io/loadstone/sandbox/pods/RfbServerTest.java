package io.loadstone.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RfbServerTest {
  private static final String SESSION = "admin-firefox-browser-d40f9190";
  private RfbServer server;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    server = RfbServer.start(vertx, SESSION).await(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.close().await(5, TimeUnit.SECONDS);
  }

  @Test
  void handshake38GivesSessionIdAsDesktopNameAndAFullUpdate() throws Exception {
    try (RfbTestClient client = new RfbTestClient(server.address())) {
      assertThat(client.handshake38()).isEqualTo(SESSION);
      client.requestUpdate(false, 0, 0, 64, 48);
      byte[][] pixels = new byte[1][];
      int[] rect = client.readRawUpdate(4, pixels);
      assertThat(rect).containsExactly(0, 0, 64, 48);
      assertThat(pixels[0]).hasSize(64 * 48 * 4);
    }
  }

  @Test
  void handshake33ServerPicksSecurityNoneWithoutResult() throws Exception {
    try (RfbTestClient client = new RfbTestClient(server.address())) {
      assertThat(client.readVersion()).isEqualTo("RFB 003.008\n");
      client.out.write("RFB 003.003\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(client.in.readInt()).as("security type chosen by server").isEqualTo(1);
      client.out.write(0);
      assertThat(client.readServerInit()).isEqualTo(SESSION);
    }
  }

  @Test
  void handshake37HasNoSecurityResultForNone() throws Exception {
    try (RfbTestClient client = new RfbTestClient(server.address())) {
      client.readVersion();
      client.out.write("RFB 003.007\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(client.in.readUnsignedByte()).isEqualTo(1);
      assertThat(client.in.readUnsignedByte()).isEqualTo(1);
      client.out.write(new byte[] {1, 1});
      assertThat(client.readServerInit()).isEqualTo(SESSION);
    }
  }

  @Test
  void updateIsClippedToTheFramebuffer() throws Exception {
    try (RfbTestClient client = new RfbTestClient(server.address())) {
      client.handshake38();
      client.requestUpdate(false, 60, 40, 100, 100);
      assertThat(client.readRawUpdate(4, null)).containsExactly(60, 40, 4, 8);
    }
  }

  @Test
  void setPixelFormatTo16BitsHalvesTheBytesPerPixel() throws Exception {
    try (RfbTestClient client = new RfbTestClient(server.address())) {
      client.handshake38();
      // SetPixelFormat: 16 bpp, depth 16, big-endian, true colour, RGB565
      client.out.write(new byte[] {0, 0, 0, 0, 16, 16, 1, 1, 0, 31, 0, 63, 0, 31, 11, 5, 0, 0, 0, 0});
      client.out.write(new byte[] {2, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1}); // SetEncodings Raw, CopyRect
      client.requestUpdate(false, 0, 0, 10, 10);
      byte[][] pixels = new byte[1][];
      client.readRawUpdate(2, pixels);
      assertThat(pixels[0]).hasSize(200);
    }
  }

  @Test
  void pixelsAreTheSameForOneSessionAndDifferAcrossSessions(Vertx vertx) throws Exception {
    RfbServer other = RfbServer.start(vertx, "bob-firefox-browser-0000beef").await(5, TimeUnit.SECONDS);
    try (RfbTestClient a1 = new RfbTestClient(server.address());
         RfbTestClient a2 = new RfbTestClient(server.address());
         RfbTestClient b = new RfbTestClient(other.address())) {
      byte[][] p1 = new byte[1][];
      byte[][] p2 = new byte[1][];
      byte[][] p3 = new byte[1][];
      for (RfbTestClient c : new RfbTestClient[] {a1, a2, b}) {
        c.handshake38();
        c.requestUpdate(false, 0, 0, 64, 48);
      }
      a1.readRawUpdate(4, p1);
      a2.readRawUpdate(4, p2);
      b.readRawUpdate(4, p3);
      assertThat(p1[0]).isEqualTo(p2[0]).isNotEqualTo(p3[0]);
    } finally {
      other.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void inputSplitIntoSingleBytesIsParsed() throws Exception {
    try (RfbTestClient client = new RfbTestClient(server.address())) {
      client.readVersion();
      byte[] version = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);
      writeByteByByte(client, version);
      assertThat(client.in.readUnsignedByte()).isEqualTo(1);
      assertThat(client.in.readUnsignedByte()).isEqualTo(1);
      writeByteByByte(client, new byte[] {1});
      assertThat(client.in.readInt()).isZero();
      writeByteByByte(client, new byte[] {1});
      assertThat(client.readServerInit()).isEqualTo(SESSION);
      byte[] messages = {
          2, 0, 0, 1, 0, 0, 0, 0,                 // SetEncodings [Raw]
          4, 1, 0, 0, 0, 0, 0, 0x61,              // KeyEvent down 'a'
          5, 0, 0, 10, 0, 10,                     // PointerEvent
          6, 0, 0, 0, 0, 0, 0, 3, 'a', 'b', 'c',  // ClientCutText "abc"
          3, 0, 0, 0, 0, 0, 0, 8, 0, 4};          // FramebufferUpdateRequest 8x4
      writeByteByByte(client, messages);
      assertThat(client.readRawUpdate(4, null)).containsExactly(0, 0, 8, 4);
    }
  }

  @Test
  void garbageInsteadOfAVersionClosesTheConnection() throws Exception {
    try (RfbTestClient client = new RfbTestClient(server.address())) {
      client.readVersion();
      client.out.write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void unknownMessageTypeClosesTheConnection() throws Exception {
    try (RfbTestClient client = new RfbTestClient(server.address())) {
      client.handshake38();
      client.out.write(new byte[] {(byte) 200, 0, 0, 0});
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void refusedSecurityTypeGetsAFailureReasonAndClose() throws Exception {
    try (RfbTestClient client = new RfbTestClient(server.address())) {
      client.readVersion();
      client.out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
      client.in.readUnsignedShort();
      client.out.write(2); // VNC authentication, not offered
      assertThat(client.in.readInt()).as("SecurityResult failed").isEqualTo(1);
      byte[] reason = new byte[client.in.readInt()];
      client.in.readFully(reason);
      assertThat(new String(reason, StandardCharsets.UTF_8)).isNotBlank();
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void incrementalRequestIsAnsweredWithinTheTickInterval() throws Exception {
    try (RfbTestClient client = new RfbTestClient(server.address())) {
      client.handshake38();
      client.requestUpdate(false, 0, 0, 64, 48);
      client.readRawUpdate(4, null);
      long before = System.nanoTime();
      client.requestUpdate(true, 0, 0, 64, 48);
      assertThat(client.readRawUpdate(4, null)).containsExactly(0, 0, 64, 48);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before))
          .isLessThanOrEqualTo(RfbConnection.INCREMENTAL_INTERVAL_MS + 500);
    }
  }

  @Test
  void closeDropsOpenConnectionsAndRefusesNewOnes() throws Exception {
    try (RfbTestClient client = new RfbTestClient(server.address())) {
      client.handshake38();
      Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> server.connectionCount() == 1);
      server.close().await(5, TimeUnit.SECONDS);
      assertThat(client.closedByServer()).isTrue();
    }
    assertThat(server.isClosed()).isTrue();
    assertThat(desktopBehind(server.address())).as("what answers on the closed server's port").isNotEqualTo(SESSION);
  }

  /**
   * The desktop name served at {@code address}, or a marker when nothing (refused) or no RFB desktop answers: after a
   * close, the ephemeral port may already belong to another server of this JVM, which is fine as long as it is not
   * the closed desktop.
   */
  private static String desktopBehind(SocketAddress address) {
    try (RfbTestClient again = new RfbTestClient(address)) {
      return again.handshake38();
    } catch (ConnectException refused) {
      return "(refused)";
    } catch (IOException | RuntimeException notRfb) {
      return "(no RFB desktop)";
    }
  }

  private static void writeByteByByte(RfbTestClient client, byte[] bytes) throws Exception {
    for (byte b : bytes) {
      client.out.write(b);
      client.out.flush();
    }
  }
}
