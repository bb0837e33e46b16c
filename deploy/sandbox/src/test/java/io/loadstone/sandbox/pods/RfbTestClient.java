package io.loadstone.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.SocketAddress;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** A minimal blocking RFB client over a real socket, for tests; every read times out after 5 s. */
final class RfbTestClient implements Closeable {
  final Socket socket;
  final DataInputStream in;
  final OutputStream out;

  RfbTestClient(SocketAddress address) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(address.host(), address.port()), 5000);
    socket.setSoTimeout(5000);
    socket.setTcpNoDelay(true);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  String readVersion() throws IOException {
    byte[] v = new byte[12];
    in.readFully(v);
    return new String(v, StandardCharsets.US_ASCII);
  }

  /** Full 3.8 handshake with security None; returns the desktop name. */
  String handshake38() throws IOException {
    assertThat(readVersion()).isEqualTo("RFB 003.008\n");
    out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
    int count = in.readUnsignedByte();
    assertThat(count).isEqualTo(1);
    assertThat(in.readUnsignedByte()).isEqualTo(1);
    out.write(1);
    assertThat(in.readInt()).as("SecurityResult").isZero();
    out.write(1);
    return readServerInit();
  }

  /** Reads ServerInit, checks the geometry and pixel format, returns the name. */
  String readServerInit() throws IOException {
    assertThat(in.readUnsignedShort()).isEqualTo(64);
    assertThat(in.readUnsignedShort()).isEqualTo(48);
    byte[] pf = new byte[16];
    in.readFully(pf);
    assertThat(pf[0]).as("bpp").isEqualTo((byte) 32);
    assertThat(pf[1]).as("depth").isEqualTo((byte) 24);
    assertThat(pf[2]).as("big-endian").isZero();
    assertThat(pf[3]).as("true-colour").isEqualTo((byte) 1);
    assertThat(new byte[] {pf[10], pf[11], pf[12]}).containsExactly(16, 8, 0);
    byte[] name = new byte[in.readInt()];
    in.readFully(name);
    return new String(name, StandardCharsets.UTF_8);
  }

  void requestUpdate(boolean incremental, int x, int y, int w, int h) throws IOException {
    out.write(new byte[] {3, (byte) (incremental ? 1 : 0), (byte) (x >> 8), (byte) x, (byte) (y >> 8), (byte) y,
        (byte) (w >> 8), (byte) w, (byte) (h >> 8), (byte) h});
  }

  /** Reads a FramebufferUpdate with one Raw rectangle; returns {x, y, w, h} and fills {@code pixels}. */
  int[] readRawUpdate(int bytesPerPixel, byte[][] pixels) throws IOException {
    assertThat(in.readUnsignedByte()).as("message type").isZero();
    in.readUnsignedByte();
    assertThat(in.readUnsignedShort()).as("rectangles").isEqualTo(1);
    int[] rect = {in.readUnsignedShort(), in.readUnsignedShort(), in.readUnsignedShort(), in.readUnsignedShort()};
    assertThat(in.readInt()).as("encoding").isZero();
    byte[] data = new byte[rect[2] * rect[3] * bytesPerPixel];
    in.readFully(data);
    if (pixels != null) {
      pixels[0] = data;
    }
    return rect;
  }

  /** True when the server closed the connection (EOF or reset) before the read timeout. */
  boolean closedByServer() throws IOException {
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (EOFException | SocketException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
