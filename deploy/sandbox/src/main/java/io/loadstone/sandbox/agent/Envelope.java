package io.loadstone.sandbox.agent;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * The agent protocol's envelope, both ways: {@code {"type", "timestamp" (RFC 3339), "payload"}}. Message type
 * names are the platform's ({@code api/internal/models/agent_protocol.go}).
 */
final class Envelope {
  // control plane -> agent
  static final String COMMAND = "command";
  static final String PING = "ping";
  static final String SHUTDOWN = "shutdown";
  static final String VNC_DATA = "vnc_data";
  static final String VNC_CLOSE = "vnc_close";
  // agent -> control plane
  static final String PONG = "pong";
  static final String HEARTBEAT = "heartbeat";
  static final String ACK = "ack";
  static final String COMPLETE = "complete";
  static final String FAILED = "failed";
  static final String STATUS = "status";
  static final String VNC_READY = "vnc_ready";
  static final String VNC_ERROR = "vnc_error";

  private Envelope() {
  }

  /** An envelope; a null payload is left out, as the real agent does for {@code pong}. */
  static JsonObject of(String type, JsonObject payload) {
    JsonObject message = new JsonObject().put("type", type).put("timestamp", Instant.now().toString());
    if (payload != null) {
      message.put("payload", payload);
    }
    return message;
  }

  /** The parsed envelope, or empty when the text is not a JSON object with a string {@code type}. */
  static Optional<JsonObject> parse(String text) {
    try {
      JsonObject message = new JsonObject(text);
      return message.getValue("type") instanceof String ? Optional.of(message) : Optional.empty();
    } catch (DecodeException | ClassCastException e) {
      return Optional.empty();
    }
  }

  /** The payload object of a parsed envelope; an absent or non-object payload reads as empty. */
  static JsonObject payload(JsonObject message) {
    return message.getValue("payload") instanceof JsonObject p ? p : new JsonObject();
  }
}
