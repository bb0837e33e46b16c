package io.loadstone.sandbox.controlplane;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One row of the platform's {@code agents} table, owned by the control plane's event loop. */
final class Agent {
  final String id;
  final String agentId;
  final Instant createdAt = Instant.now();
  String platform;
  String region;
  String status = "offline";
  JsonObject capacity;
  JsonObject metadata;
  Instant lastHeartbeat;
  /** monotonic twin of {@link #lastHeartbeat}, for the selection window */
  long lastHeartbeatNanos;
  Instant updatedAt = createdAt;
  /** set on a (re)connection while {@code agent-status-stuck-offline} is on: heartbeats leave it offline */
  boolean keptOffline;

  Agent(String id, String agentId) {
    this.id = id;
    this.agentId = agentId;
  }

  void heartbeat() {
    lastHeartbeat = Instant.now();
    lastHeartbeatNanos = System.nanoTime();
    updatedAt = lastHeartbeat;
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("agentId", agentId)
        .put("platform", platform)
        .put("region", region)
        .put("status", status)
        .put("approvalStatus", "approved")
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString());
    if (capacity != null) {
      json.put("capacity", capacity);
    }
    if (lastHeartbeat != null) {
      json.put("lastHeartbeat", lastHeartbeat.toString());
    }
    if (metadata != null) {
      json.put("metadata", metadata);
    }
    return json;
  }
}
