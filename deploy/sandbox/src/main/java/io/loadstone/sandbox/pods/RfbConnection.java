package io.loadstone.sandbox.pods;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one RFB connection (RFC 6143): handshake for versions 3.3, 3.7 and 3.8 with security
 * type None, then the client-to-server messages. Input is parsed incrementally, so messages may arrive split
 * at any byte. Anything the protocol does not allow closes the connection.
 *
 * <p>Non-incremental update requests are answered at once. Incremental ones are answered at most once per
 * {@link #INCREMENTAL_INTERVAL_MS}, like a desktop whose only change is a clock ticking every second; an idle
 * viewer then costs a few KB per second instead of a busy loop.
 */
final class RfbConnection {
  static final long INCREMENTAL_INTERVAL_MS = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(RfbConnection.class);
  private static final int MAX_CUT_TEXT = 1 << 20;
  private static final int MAX_ENCODINGS = 1024;

  private enum Stage { VERSION, SECURITY_CHOICE, CLIENT_INIT, MESSAGES, CLOSED }

  private final Vertx vertx;
  private final NetSocket socket;
  private final String desktopName;
  private final Framebuffer framebuffer;
  private final Runnable onClosed;
  private Buffer pending = Buffer.buffer();
  private Stage stage = Stage.VERSION;
  private int minorVersion;
  private PixelFormat format = PixelFormat.NATIVE;
  private long lastUpdateNanos;
  private long incrementalTimer = -1;
  private int[] deferredArea;

  RfbConnection(Vertx vertx, NetSocket socket, String desktopName, Framebuffer framebuffer, Runnable onClosed) {
    this.vertx = vertx;
    this.socket = socket;
    this.desktopName = desktopName;
    this.framebuffer = framebuffer;
    this.onClosed = onClosed;
  }

  void start() {
    socket.handler(this::received);
    socket.closeHandler(v -> closed());
    socket.exceptionHandler(e -> LOG.debug("RFB {}: socket error: {}", desktopName, e.toString()));
    socket.write(Buffer.buffer("RFB 003.008\n", "US-ASCII"));
  }

  void close() {
    socket.close();
  }

  private void closed() {
    stage = Stage.CLOSED;
    if (incrementalTimer >= 0) {
      vertx.cancelTimer(incrementalTimer);
      incrementalTimer = -1;
    }
    onClosed.run();
  }

  private void received(Buffer data) {
    if (stage == Stage.CLOSED) {
      return;
    }
    pending.appendBuffer(data);
    int pos = 0;
    while (stage != Stage.CLOSED) {
      int used = step(pos);
      if (used == 0) {
        break;
      }
      pos += used;
    }
    if (pos > 0) {
      pending = pending.getBuffer(pos, pending.length());
    }
  }

  /** Handles one complete unit at {@code pos}; returns the bytes it used, 0 when more bytes are needed. */
  private int step(int pos) {
    int available = pending.length() - pos;
    switch (stage) {
      case VERSION:
        return available < 12 ? 0 : version(pos);
      case SECURITY_CHOICE:
        return available < 1 ? 0 : securityChoice(pending.getUnsignedByte(pos));
      case CLIENT_INIT:
        if (available < 1) {
          return 0;
        }
        sendServerInit();
        stage = Stage.MESSAGES;
        return 1;
      case MESSAGES:
        return available < 1 ? 0 : message(pos, available);
      default:
        return 0;
    }
  }

  private int version(int pos) {
    String text = pending.getString(pos, pos + 12, "US-ASCII");
    if (!text.matches("RFB \\d{3}\\.\\d{3}\n")) {
      return protocolError("bad ProtocolVersion");
    }
    int major = Integer.parseInt(text.substring(4, 7));
    int minor = Integer.parseInt(text.substring(8, 11));
    if (major != 3) {
      return protocolError("unsupported RFB major version " + major);
    }
    // RFC 6143 7.1.1: versions other than 3.7 and 3.8 are to be treated as 3.3.
    minorVersion = minor >= 8 ? 8 : minor == 7 ? 7 : 3;
    if (minorVersion == 3) {
      socket.write(Buffer.buffer().appendInt(1));
      stage = Stage.CLIENT_INIT;
    } else {
      socket.write(Buffer.buffer().appendByte((byte) 1).appendByte((byte) 1));
      stage = Stage.SECURITY_CHOICE;
    }
    return 12;
  }

  private int securityChoice(int type) {
    if (type != 1) {
      if (minorVersion == 8) {
        byte[] reason = "security type not offered".getBytes(StandardCharsets.UTF_8);
        socket.write(Buffer.buffer().appendInt(1).appendInt(reason.length).appendBytes(reason));
      }
      return protocolError("client chose security type " + type);
    }
    if (minorVersion == 8) {
      socket.write(Buffer.buffer().appendInt(0));
    }
    stage = Stage.CLIENT_INIT;
    return 1;
  }

  private void sendServerInit() {
    byte[] name = desktopName.getBytes(StandardCharsets.UTF_8);
    Buffer init = Buffer.buffer(24 + name.length)
        .appendUnsignedShort(Framebuffer.WIDTH).appendUnsignedShort(Framebuffer.HEIGHT);
    PixelFormat.NATIVE.writeTo(init);
    init.appendInt(name.length).appendBytes(name);
    socket.write(init);
  }

  private int message(int pos, int available) {
    int type = pending.getUnsignedByte(pos);
    switch (type) {
      case 0: // SetPixelFormat
        if (available < 4 + PixelFormat.SIZE) {
          return 0;
        }
        PixelFormat requested = PixelFormat.parse(pending, pos + 4);
        if (requested == null) {
          return protocolError("SetPixelFormat with bits-per-pixel " + pending.getUnsignedByte(pos + 4));
        }
        format = requested;
        return 4 + PixelFormat.SIZE;
      case 2: { // SetEncodings: Raw is always allowed, so the list changes nothing here
        if (available < 4) {
          return 0;
        }
        int count = pending.getUnsignedShort(pos + 2);
        if (count > MAX_ENCODINGS) {
          return protocolError("SetEncodings with " + count + " encodings");
        }
        return available < 4 + 4 * count ? 0 : 4 + 4 * count;
      }
      case 3: // FramebufferUpdateRequest
        if (available < 10) {
          return 0;
        }
        updateRequested(pending.getByte(pos + 1) != 0, pending.getUnsignedShort(pos + 2),
            pending.getUnsignedShort(pos + 4), pending.getUnsignedShort(pos + 6), pending.getUnsignedShort(pos + 8));
        return 10;
      case 4: // KeyEvent
        return available < 8 ? 0 : 8;
      case 5: // PointerEvent
        return available < 6 ? 0 : 6;
      case 6: { // ClientCutText; a negative length is the extended-clipboard form, abs() is the size
        if (available < 8) {
          return 0;
        }
        long length = Math.abs((long) pending.getInt(pos + 4));
        if (length > MAX_CUT_TEXT) {
          return protocolError("ClientCutText of " + length + " bytes");
        }
        return available < 8 + length ? 0 : 8 + (int) length;
      }
      default:
        return protocolError("unknown client message type " + type);
    }
  }

  private void updateRequested(boolean incremental, int x, int y, int width, int height) {
    long sinceLastMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastUpdateNanos);
    if (!incremental || lastUpdateNanos == 0 || sinceLastMs >= INCREMENTAL_INTERVAL_MS) {
      sendUpdate(x, y, width, height);
      return;
    }
    deferredArea = new int[] {x, y, width, height};
    if (incrementalTimer < 0) {
      incrementalTimer = vertx.setTimer(INCREMENTAL_INTERVAL_MS - sinceLastMs, id -> {
        incrementalTimer = -1;
        int[] area = deferredArea;
        deferredArea = null;
        if (stage != Stage.CLOSED && area != null) {
          sendUpdate(area[0], area[1], area[2], area[3]);
        }
      });
    }
  }

  private void sendUpdate(int x, int y, int width, int height) {
    lastUpdateNanos = System.nanoTime();
    socket.write(framebuffer.update(format, x, y, width, height));
    if (socket.writeQueueFull()) {
      // A client that asks faster than it reads must not grow our memory: stop reading until it catches up.
      socket.pause();
      socket.drainHandler(v -> socket.resume());
    }
  }

  private int protocolError(String what) {
    LOG.debug("RFB {}: closing connection: {}", desktopName, what);
    stage = Stage.CLOSED;
    socket.close();
    return 0;
  }
}
