package io.loadstone.worker.platform;

import io.vertx.core.json.JsonObject;

/**
 * A session as the platform's API shows it: id, API state ({@code pending}, {@code running}, {@code terminating},
 * ...), {@code status.podName} and {@code status.url} (null until the agent reports them), and the JSON as received.
 */
public record SessionView(String name, String state, String podName, String url, JsonObject raw) {

  static SessionView fromJson(JsonObject json) {
    JsonObject status = json.getValue("status") instanceof JsonObject s ? s : new JsonObject();
    return new SessionView(idOf(json), text(json, "state"), text(status, "podName"), text(status, "url"), json);
  }

  /** {@code name} is the id in the code; {@code sessionId}/{@code id} are what the platform's test plans expect. */
  static String idOf(JsonObject json) {
    for (String key : new String[] {"name", "sessionId", "id"}) {
      String value = text(json, key);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  private static String text(JsonObject json, String key) {
    Object value = json.getValue(key);
    return value instanceof String s && !s.isEmpty() ? s : null;
  }
}
