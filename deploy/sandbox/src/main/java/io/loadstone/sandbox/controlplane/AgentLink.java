package io.loadstone.sandbox.controlplane;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** The control plane's side of the agent WebSockets, as the dispatcher and the VNC proxy use it. */
interface AgentLink {
  boolean connected(String agentId);

  /** Writes {@code {type, timestamp, payload}}; fails when the agent has no connection or the write fails. */
  Future<Void> send(String agentId, String type, JsonObject payload);

  static JsonObject envelope(String type, JsonObject payload) {
    return new JsonObject().put("type", type).put("timestamp", Instant.now().toString()).put("payload", payload);
  }
}
