package io.loadstone.worker.platform;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * One row of {@code GET /api/v1/admin/agents} as the platform reports it: {@code agentId}, {@code status}
 * ({@code online | offline | draining}), {@code lastHeartbeat} both as sent (so a change is seen even if it does not
 * parse) and parsed (null when absent or not ISO-8601), {@code capacity.maxSessions} (null when absent),
 * {@code updatedAt} parsed (the platform stamps it on every status change and heartbeat, on its own clock), and the
 * JSON as received. Times are the platform's wall clock: compare them with each other, never with this JVM's.
 */
public record AgentView(String agentId, String status, String lastHeartbeatText, Instant lastHeartbeat,
                        Integer maxSessions, Instant updatedAt, JsonObject raw) {

  static AgentView fromJson(JsonObject json) {
    String id = text(json, "agentId");
    if (id == null) {
      id = text(json, "id");
    }
    String heartbeat = text(json, "lastHeartbeat");
    JsonObject capacity = json.getValue("capacity") instanceof JsonObject c ? c : null;
    Integer maxSessions = capacity != null && capacity.getValue("maxSessions") instanceof Number n ? n.intValue() : null;
    return new AgentView(id, text(json, "status"), heartbeat, instant(heartbeat), maxSessions,
        instant(text(json, "updatedAt")), json);
  }

  /** {@code 2025-11-22T05:23:10Z}, with or without fractions or an offset (the platform's Go encoding uses both). */
  static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  private static String text(JsonObject json, String key) {
    return json.getValue(key) instanceof String s && !s.isEmpty() ? s : null;
  }
}
