package io.loadstone.sandbox.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A blocking RFB 3.8 viewer over a real socket, as far as ServerInit; every read times out after 5 s. */
final class RfbViewer {
  private RfbViewer() {
  }

  /** Connects to {@code 127.0.0.1:port}, does the 3.8 handshake with security None, returns the desktop name. */
  static String desktopName(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(5000);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      byte[] version = new byte[12];
      in.readFully(version);
      assertThat(new String(version, StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
      out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
      int types = in.readUnsignedByte();
      byte[] offered = new byte[types];
      in.readFully(offered);
      assertThat(offered).contains((byte) 1);
      out.write(1);
      assertThat(in.readInt()).as("SecurityResult").isZero();
      out.write(1); // shared
      in.readFully(new byte[2 + 2 + 16]);
      byte[] name = new byte[in.readInt()];
      in.readFully(name);
      return new String(name, StandardCharsets.UTF_8);
    }
  }
}
