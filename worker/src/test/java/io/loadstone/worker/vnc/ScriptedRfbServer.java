package io.loadstone.worker.vnc;

import io.loadstone.worker.TestSupport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in control plane for the failure cases the sandbox cannot produce: it logs anyone in, and on
 * {@code /api/v1/vnc/...} plays one {@link Script} of a misbehaving (or base64-speaking) RFB server.
 */
final class ScriptedRfbServer {
  enum Script { SILENT, OLD_VERSION, NO_NONE_SECURITY, CLOSE_AFTER_GREETING, BASE64_TEXT }

  static final String TEXT_DESKTOP = "text-desktop";
  private final HttpServer server;
  /** "text" or "binary", one per message the client sent */
  final List<String> clientMessageKinds = new CopyOnWriteArrayList<>();

  private ScriptedRfbServer(Vertx vertx, Script script) {
    server = vertx.createHttpServer();
    server.webSocketHandler(ws -> play(script, ws));
    server.requestHandler(req -> req.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("token", "scripted.token.value").put("expiresAt", "2999-01-01T00:00:00Z").encode()));
  }

  static ScriptedRfbServer start(Vertx vertx, Script script) {
    ScriptedRfbServer s = new ScriptedRfbServer(vertx, script);
    TestSupport.result(s.server.listen(0, "127.0.0.1"));
    return s;
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  Future<Void> close() {
    return server.close();
  }

  private void play(Script script, ServerWebSocket ws) {
    Buffer greeting = Buffer.buffer("RFB 003.008\n", "US-ASCII");
    switch (script) {
      case SILENT -> { }
      case OLD_VERSION -> ws.writeBinaryMessage(Buffer.buffer("RFB 003.003\n", "US-ASCII"));
      case NO_NONE_SECURITY -> {
        ws.writeBinaryMessage(greeting);
        ws.binaryMessageHandler(b -> ws.writeBinaryMessage(Buffer.buffer(new byte[] {1, 2})));
      }
      case CLOSE_AFTER_GREETING -> {
        ws.writeBinaryMessage(greeting);
        ws.binaryMessageHandler(b -> ws.close());
      }
      case BASE64_TEXT -> base64Conversation(ws);
      default -> throw new IllegalArgumentException(script.name());
    }
  }

  /** The platform's own proxy writes base64 text: a whole 2x2 desktop spoken that way. */
  private void base64Conversation(ServerWebSocket ws) {
    Buffer received = Buffer.buffer();
    ws.binaryMessageHandler(b -> {
      clientMessageKinds.add("binary");
      received.appendBuffer(b);
    });
    ws.textMessageHandler(t -> {
      clientMessageKinds.add("text");
      int before = received.length();
      received.appendBytes(Base64.getDecoder().decode(t));
      int after = received.length();
      if (before < 12 && after >= 12) {
        sendText(ws, Buffer.buffer(new byte[] {1, 1}));
      }
      if (before < 13 && after >= 13) {
        sendText(ws, Buffer.buffer().appendInt(0));
      }
      if (before < 14 && after >= 14) {
        byte[] name = TEXT_DESKTOP.getBytes(StandardCharsets.UTF_8);
        Buffer init = Buffer.buffer().appendUnsignedShort(2).appendUnsignedShort(2)
            .appendBytes(new byte[] {32, 24, 0, 1, 0, (byte) 255, 0, (byte) 255, 0, (byte) 255, 16, 8, 0, 0, 0, 0})
            .appendInt(name.length).appendBytes(name);
        sendText(ws, init);
      }
      if (before < 24 && after >= 24) {
        Buffer update = Buffer.buffer().appendByte((byte) 0).appendByte((byte) 0).appendUnsignedShort(1)
            .appendUnsignedShort(0).appendUnsignedShort(0).appendUnsignedShort(2).appendUnsignedShort(2).appendInt(0)
            .appendBytes(new byte[16]);
        // split across two messages: the client must reassemble
        sendText(ws, update.getBuffer(0, 7));
        sendText(ws, update.getBuffer(7, update.length()));
      }
    });
    sendText(ws, Buffer.buffer("RFB 003.008\n", "US-ASCII"));
  }

  private static void sendText(ServerWebSocket ws, Buffer bytes) {
    ws.writeTextMessage(Base64.getEncoder().encodeToString(bytes.getBytes()));
  }
}
