package io.loadstone.sandbox.controlplane;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

/**
 * One row of the platform's {@code agent_commands}: {@code pending -> sent -> ack -> completed | failed}, with the
 * time of each step. Owned by the control plane's event loop.
 */
final class Command {
  enum Status {
    PENDING, SENT, ACK, COMPLETED, FAILED;

    String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  final String id;
  final String commandId;
  final String agentId;
  final String sessionId;
  final String action;
  final JsonObject payload;
  final Instant createdAt = Instant.now();
  Status status = Status.PENDING;
  String errorMessage;
  Instant sentAt;
  Instant acknowledgedAt;
  Instant completedAt;

  Command(String id, String commandId, String agentId, String sessionId, String action, JsonObject payload) {
    this.id = id;
    this.commandId = commandId;
    this.agentId = agentId;
    this.sessionId = sessionId;
    this.action = action;
    this.payload = payload;
  }

  void markSent() {
    status = Status.SENT;
    sentAt = Instant.now();
  }

  void markAcknowledged() {
    status = Status.ACK;
    acknowledgedAt = Instant.now();
  }

  void markCompleted() {
    status = Status.COMPLETED;
    completedAt = Instant.now();
  }

  /** as the platform: failure stores the error but sets no completion time */
  void markFailed(String error) {
    status = Status.FAILED;
    errorMessage = error;
  }

  /** what travels to the agent inside a {@code command} envelope */
  JsonObject wirePayload() {
    return new JsonObject().put("commandId", commandId).put("action", action).put("payload", payload.copy());
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("commandId", commandId)
        .put("agentId", agentId)
        .put("sessionId", sessionId)
        .put("action", action)
        .put("payload", payload)
        .put("status", status.json())
        .put("createdAt", createdAt.toString());
    if (errorMessage != null) {
      json.put("errorMessage", errorMessage);
    }
    if (sentAt != null) {
      json.put("sentAt", sentAt.toString());
    }
    if (acknowledgedAt != null) {
      json.put("acknowledgedAt", acknowledgedAt.toString());
    }
    if (completedAt != null) {
      json.put("completedAt", completedAt.toString());
    }
    return json;
  }
}
