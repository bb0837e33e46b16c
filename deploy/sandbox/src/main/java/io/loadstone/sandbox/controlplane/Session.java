package io.loadstone.sandbox.controlplane;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the platform's {@code sessions} table, owned by the control plane's event loop (no locking). The agent
 * id stays internal, as in the platform's API answers; {@link #toJson} is the object {@code GET /sessions/{id}}
 * returns.
 */
final class Session {
  /** The states the platform's code writes; {@code json} is the stored value. */
  enum State {
    PENDING, RUNNING, HIBERNATING, HIBERNATED, WAKING, TERMINATING, TERMINATED, FAILED;

    String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** status.phase: the state with a capital first letter */
    String phase() {
      String s = json();
      return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** counted against a user's quota */
    boolean live() {
      return this == PENDING || this == RUNNING || this == HIBERNATED || this == HIBERNATING || this == WAKING;
    }

    /** counted as an agent's load when choosing an agent */
    boolean load() {
      return this == RUNNING || this == HIBERNATED || this == PENDING;
    }

    static Optional<State> fromJson(String value) {
      return Arrays.stream(values()).filter(s -> s.json().equals(value)).findFirst();
    }
  }

  final String name;
  final String namespace;
  final String user;
  final String template;
  final String agentId;
  final String memory;
  final String cpu;
  final boolean persistentHome;
  final String idleTimeout;
  final String maxSessionDuration;
  final List<String> tags;
  final Instant createdAt;
  State state = State.PENDING;
  /** monotonic time of the last write to the row, as the reconciler's {@code updated_at} */
  long updatedNanos;
  String url = "";
  String podName = "";
  Instant lastActivity;
  int activeConnections;
  String terminationReason;
  /** the last {@link #encoded()} answer and the mutable fields it was made from */
  private String encoded;
  private State encodedState;
  private int encodedConnections;
  private String encodedUrl;
  private String encodedPodName;
  private Instant encodedActivity;

  Session(String name, String namespace, String user, String template, String agentId, String memory, String cpu,
          boolean persistentHome, String idleTimeout, String maxSessionDuration, List<String> tags) {
    this.name = name;
    this.namespace = namespace;
    this.user = user;
    this.template = template;
    this.agentId = agentId;
    this.memory = memory;
    this.cpu = cpu;
    this.persistentHome = persistentHome;
    this.idleTimeout = idleTimeout;
    this.maxSessionDuration = maxSessionDuration;
    this.tags = tags == null ? null : List.copyOf(tags);
    this.createdAt = Instant.now();
    this.updatedNanos = System.nanoTime();
  }

  void setState(State next) {
    state = next;
    updatedNanos = System.nanoTime();
  }

  JsonObject resources() {
    return new JsonObject().put("memory", memory).put("cpu", cpu);
  }

  JsonArray tagsJson() {
    return tags == null ? null : new JsonArray(tags);
  }

  /**
   * {@code toJson().encode()}, encoded again only when a field it shows has changed since the last call: listing
   * every session on each poll would otherwise rebuild and re-encode every row each time.
   */
  String encoded() {
    if (encoded == null || encodedState != state || encodedConnections != activeConnections
        || !Objects.equals(encodedUrl, url) || !Objects.equals(encodedPodName, podName)
        || !Objects.equals(encodedActivity, lastActivity)) {
      encodedState = state;
      encodedConnections = activeConnections;
      encodedUrl = url;
      encodedPodName = podName;
      encodedActivity = lastActivity;
      encoded = toJson().encode();
    }
    return encoded;
  }

  JsonObject toJson() {
    JsonObject status = new JsonObject().put("phase", state.phase()).put("url", url).put("podName", podName);
    if (lastActivity != null) {
      status.put("lastActivity", lastActivity.toString());
    }
    return new JsonObject()
        .put("name", name)
        .put("namespace", namespace)
        .put("user", user)
        .put("template", template)
        .put("state", state.json())
        .put("persistentHome", persistentHome)
        .put("idleTimeout", idleTimeout)
        .put("maxSessionDuration", maxSessionDuration)
        .put("createdAt", createdAt.toString())
        .put("platform", "kubernetes")
        .put("activeConnections", activeConnections)
        .put("streamingProtocol", "vnc")
        .put("streamingPort", 3000)
        .put("streamingPath", "/")
        .put("status", status)
        .put("resources", resources())
        .put("tags", tagsJson());
  }
}
