package io.loadstone.sandbox.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A browser-like VNC viewer on the control plane's {@code /api/v1/vnc/{id}} WebSocket (binary RFB frames). */
public final class WsRfbViewer implements AutoCloseable {
  private final WebSocketClient client;
  private final ClientWebSocket ws;
  private final BlockingQueue<Buffer> frames = new LinkedBlockingQueue<>();
  private Buffer pending = Buffer.buffer();
  private int width;
  private int height;

  public WsRfbViewer(Vertx vertx, String controlPlaneUrl, String sessionId, String token) throws Exception {
    java.net.URI base = java.net.URI.create(controlPlaneUrl);
    client = vertx.createWebSocketClient();
    ws = client.webSocket();
    // the handler goes on before the upgrade: the control plane flushes its buffered greeting at once
    ws.binaryMessageHandler(frames::add);
    ws.connect(new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
        .setURI("/api/v1/vnc/" + sessionId + "?token=" + token)).await(5, TimeUnit.SECONDS);
  }

  /** The RFB 3.8 handshake (security None) up to ServerInit; returns the desktop name. */
  public String handshake() throws Exception {
    assertThat(new String(read(12), StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
    write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
    int types = read(1)[0];
    assertThat(read(types)).contains((byte) 1);
    write(new byte[] {1});
    assertThat(Buffer.buffer(read(4)).getInt(0)).as("SecurityResult").isZero();
    write(new byte[] {1});
    Buffer init = Buffer.buffer(read(20));
    width = init.getUnsignedShort(0);
    height = init.getUnsignedShort(2);
    int nameLength = Buffer.buffer(read(4)).getInt(0);
    return new String(read(nameLength), StandardCharsets.UTF_8);
  }

  /** Framebuffer width and height from ServerInit, after {@link #handshake}. */
  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /**
   * After {@link #handshake}: asks for a full framebuffer update and returns the
   * number of bytes of the Raw update received (16 bytes of headers + 4 per pixel at the default format).
   */
  public int requestFullUpdate() throws Exception {
    write(Buffer.buffer().appendByte((byte) 3).appendByte((byte) 0).appendUnsignedShort(0).appendUnsignedShort(0)
        .appendUnsignedShort(width).appendUnsignedShort(height).getBytes());
    byte[] header = read(4);
    assertThat(header[0]).as("FramebufferUpdate message type").isZero();
    int rects = Buffer.buffer(header).getUnsignedShort(2);
    int total = 4;
    for (int i = 0; i < rects; i++) {
      Buffer rect = Buffer.buffer(read(12));
      int pixels = rect.getUnsignedShort(4) * rect.getUnsignedShort(6);
      read(pixels * 4);
      total += 12 + pixels * 4;
    }
    return total;
  }

  private byte[] read(int n) throws InterruptedException {
    while (pending.length() < n) {
      Buffer next = frames.poll(5, TimeUnit.SECONDS);
      assertThat(next).as("RFB bytes through the control plane within 5 s").isNotNull();
      pending.appendBuffer(next);
    }
    byte[] out = pending.getBytes(0, n);
    pending = pending.getBuffer(n, pending.length());
    return out;
  }

  private void write(byte[] bytes) throws Exception {
    ws.writeBinaryMessage(Buffer.buffer(bytes)).await(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    ws.close().await(5, TimeUnit.SECONDS);
    client.close().await(5, TimeUnit.SECONDS);
  }
}
