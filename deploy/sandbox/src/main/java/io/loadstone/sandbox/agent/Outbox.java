package io.loadstone.sandbox.agent;

import io.vertx.core.json.JsonObject;

/** Where an agent's messages to the control plane go. Call only on the agent's context. */
interface Outbox {
  /** Sends {@code {type, timestamp, payload}}; false when there is no connection (the message is dropped). */
  boolean send(String type, JsonObject payload);

  /** True while the connection's write queue is full: a producer should pause. */
  boolean writeQueueFull();

  /** Runs {@code resume} once the queue has drained (or a new connection is up). */
  void whenDrained(Runnable resume);
}
