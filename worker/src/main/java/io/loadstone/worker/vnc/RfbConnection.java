package io.loadstone.worker.vnc;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The client side of one RFB 3.8 conversation (RFC 6143) carried in WebSocket messages: binary messages are RFB
 * bytes (the sandbox), text messages are base64 of RFB bytes (what the platform's proxy writes). Once the server has
 * spoken in text, this client answers in text too. Bytes are reassembled across messages, so the server may split
 * its messages anywhere. Confined to the WebSocket's context; one conversation per instance.
 */
final class RfbConnection {
  private static final int RAW = 0;
  private static final int MAX_NAME_BYTES = 1 << 20;
  private static final int MAX_CUT_TEXT = 16 << 20;
  private static final int COMPACT_AFTER = 64 * 1024;

  private final Vertx vertx;
  private final ClientWebSocket ws;
  private final String sessionId;
  private final long stepTimeoutMillis;
  private Buffer buffer = Buffer.buffer();
  private int readPos;
  private int wanted = -1;
  private Promise<Buffer> waiter;
  private String endReason;
  private boolean textMode;
  private String step = "upgrade";

  RfbConnection(Vertx vertx, ClientWebSocket ws, String sessionId, long stepTimeoutMillis) {
    this.vertx = vertx;
    this.ws = ws;
    this.sessionId = sessionId;
    this.stepTimeoutMillis = stepTimeoutMillis;
  }

  /** Installs the handlers; called before the upgrade, since the control plane sends the greeting at once. */
  void attach() {
    ws.binaryMessageHandler(this::received);
    ws.textMessageHandler(text -> {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(text.trim());
      } catch (IllegalArgumentException e) {
        end("a text message that is not base64");
        return;
      }
      textMode = true;
      received(Buffer.buffer(bytes));
    });
    ws.closeHandler(v -> end("WebSocket closed by the server" + (ws.closeStatusCode() == null ? ""
        : " (" + ws.closeStatusCode() + (ws.closeReason() == null ? "" : " " + ws.closeReason()) + ")")));
    ws.exceptionHandler(e -> end("WebSocket error: " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : " " + e.getMessage())));
  }

  /** Handshake, ServerInit, one full-screen update request, the complete first update. */
  Future<RfbResult> run(long connectedNanos) {
    return step("version", this::version)
        .compose(v -> step("security", this::security))
        .compose(v -> step("security-result", this::securityResult))
        .compose(v -> {
          write(Buffer.buffer().appendByte((byte) 1)); // ClientInit: shared
          return step("server-init", this::serverInit);
        })
        .compose(init -> {
          long serverInitNanos = System.nanoTime();
          write(Buffer.buffer().appendByte((byte) 3).appendByte((byte) 0).appendUnsignedShort(0).appendUnsignedShort(0)
              .appendUnsignedShort(init.width).appendUnsignedShort(init.height));
          return step("first-frame", () -> firstUpdate(init.bytesPerPixel, 0)).map(bytes -> new RfbResult(init.name,
              init.width, init.height, bytes, connectedNanos, serverInitNanos, System.nanoTime()));
        });
  }

  private record ServerInit(int width, int height, int bytesPerPixel, String name) {
  }

  private Future<Void> version() {
    return read(12).compose(b -> {
      String text = b.toString(StandardCharsets.US_ASCII);
      if (!text.matches("RFB \\d{3}\\.\\d{3}\n")) {
        return protocolError("expected an RFB ProtocolVersion, got \"" + printable(text) + "\"");
      }
      int major = Integer.parseInt(text.substring(4, 7));
      int minor = Integer.parseInt(text.substring(8, 11));
      if (major != 3 || minor < 8) {
        return protocolError("the server speaks " + text.trim() + "; this client needs RFB 3.8");
      }
      write(Buffer.buffer("RFB 003.008\n", "US-ASCII"));
      return Future.succeededFuture();
    });
  }

  private Future<Void> security() {
    return read(1).compose(b -> {
      int count = b.getUnsignedByte(0);
      if (count == 0) {
        return reason().compose(r -> protocolError("the server refused the connection: " + r));
      }
      return read(count).compose(types -> {
        StringBuilder offered = new StringBuilder();
        boolean none = false;
        for (int i = 0; i < count; i++) {
          int type = types.getUnsignedByte(i);
          none |= type == 1;
          offered.append(i == 0 ? "" : ", ").append(type);
        }
        if (!none) {
          return protocolError("security type None (1) not offered; offered [" + offered + "]");
        }
        write(Buffer.buffer().appendByte((byte) 1));
        return Future.succeededFuture();
      });
    });
  }

  private Future<Void> securityResult() {
    return read(4).compose(b -> b.getInt(0) == 0 ? Future.succeededFuture()
        : reason().compose(r -> protocolError("security handshake failed: " + r)));
  }

  private Future<ServerInit> serverInit() {
    return read(24).compose(b -> {
      int width = b.getUnsignedShort(0);
      int height = b.getUnsignedShort(2);
      int bitsPerPixel = b.getUnsignedByte(4);
      long nameLength = b.getUnsignedInt(20);
      if (bitsPerPixel != 8 && bitsPerPixel != 16 && bitsPerPixel != 32) {
        return protocolError("ServerInit with " + bitsPerPixel + " bits per pixel");
      }
      if (nameLength > MAX_NAME_BYTES) {
        return protocolError("ServerInit with a desktop name of " + nameLength + " bytes");
      }
      return read((int) nameLength).map(name -> new ServerInit(width, height, bitsPerPixel / 8,
          name.toString(StandardCharsets.UTF_8)));
    });
  }

  /**
   * Reads server messages until a whole FramebufferUpdate has arrived; other messages (colour map, bell, cut text)
   * are skipped. Returns the update's size in bytes.
   */
  private Future<Long> firstUpdate(int bytesPerPixel, int skipped) {
    return read(1).compose(t -> switch (t.getUnsignedByte(0)) {
      case 0 -> read(3).compose(h -> rectangles(bytesPerPixel, h.getUnsignedShort(1), 0, 4));
      case 1 -> read(5).compose(h -> read(6 * h.getUnsignedShort(3))).compose(x -> firstUpdate(bytesPerPixel, skipped + 1));
      case 2 -> firstUpdate(bytesPerPixel, skipped + 1);
      case 3 -> read(7).compose(h -> {
        long length = h.getUnsignedInt(3);
        return length > MAX_CUT_TEXT ? protocolError("ServerCutText of " + length + " bytes") : read((int) length);
      }).compose(x -> firstUpdate(bytesPerPixel, skipped + 1));
      default -> protocolError("unknown server message type " + t.getUnsignedByte(0));
    });
  }

  private Future<Long> rectangles(int bytesPerPixel, int count, int done, long bytes) {
    if (done == count) {
      return Future.succeededFuture(bytes);
    }
    return read(12).compose(r -> {
      int encoding = r.getInt(8);
      if (encoding != RAW) {
        // no SetEncodings was sent, so RFC 6143 allows the server Raw only
        return protocolError("rectangle " + done + " in encoding " + encoding + ", expected Raw (0)");
      }
      long pixels = (long) r.getUnsignedShort(4) * r.getUnsignedShort(6) * bytesPerPixel;
      if (pixels > Integer.MAX_VALUE - 16) {
        return protocolError("rectangle of " + pixels + " bytes");
      }
      return read((int) pixels).compose(p -> rectangles(bytesPerPixel, count, done + 1, bytes + 12 + pixels));
    });
  }

  /** An RFB reason string: u32 length, then text. */
  private Future<String> reason() {
    return read(4).compose(l -> {
      long length = l.getUnsignedInt(0);
      return length > MAX_NAME_BYTES ? Future.succeededFuture("(a reason of " + length + " bytes)")
          : read((int) length).map(r -> r.toString(StandardCharsets.UTF_8));
    });
  }

  /** Runs one step under the step timeout; the step's name goes into every failure. */
  private <T> Future<T> step(String name, Supplier<Future<T>> body) {
    step = name;
    Promise<T> result = Promise.promise();
    long timer = vertx.setTimer(stepTimeoutMillis,
        id -> result.tryFail(new VncTimeoutException(sessionId, name, stepTimeoutMillis)));
    body.get().onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        result.tryComplete(ar.result());
      } else {
        result.tryFail(ar.cause());
      }
    });
    return result.future();
  }

  private Future<Buffer> read(int n) {
    if (buffer.length() - readPos >= n) {
      return Future.succeededFuture(take(n));
    }
    if (endReason != null) {
      return Future.failedFuture(new VncClosedException(sessionId, step, endReason));
    }
    wanted = n;
    waiter = Promise.promise();
    return waiter.future();
  }

  private void received(Buffer data) {
    buffer.appendBuffer(data);
    if (waiter != null && buffer.length() - readPos >= wanted) {
      Promise<Buffer> w = waiter;
      waiter = null;
      w.complete(take(wanted));
    }
  }

  private Buffer take(int n) {
    Buffer out = buffer.getBuffer(readPos, readPos + n);
    readPos += n;
    if (readPos >= COMPACT_AFTER) {
      buffer = buffer.getBuffer(readPos, buffer.length());
      readPos = 0;
    }
    return out;
  }

  private void end(String reason) {
    if (endReason != null) {
      return;
    }
    endReason = redact(reason);
    if (waiter != null) {
      Promise<Buffer> w = waiter;
      waiter = null;
      w.tryFail(new VncClosedException(sessionId, step, reason));
    }
  }

  private void write(Buffer bytes) {
    if (ws.isClosed()) {
      return;
    }
    if (textMode) {
      ws.writeTextMessage(Base64.getEncoder().encodeToString(bytes.getBytes()));
    } else {
      ws.writeBinaryMessage(bytes);
    }
  }

  private <T> Future<T> protocolError(String detail) {
    return Future.failedFuture(new VncProtocolException(sessionId, step, detail));
  }

  /** A transport's message might quote the request URI, which carries the token. */
  static String redact(String text) {
    return text == null ? null : text.replaceAll("token=[^&\\s\"']*", "token=***");
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return out.toString();
  }
}
