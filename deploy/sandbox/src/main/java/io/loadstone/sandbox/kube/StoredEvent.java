package io.loadstone.sandbox.kube;

import io.vertx.core.json.JsonObject;

/**
 * One committed change: its resource version (each commit gets the next global number), the watch type, and the
 * object before and after. Objects are never mutated once committed, so an event is an immutable snapshot that
 * history and every watcher can share; its watch-line encoding is computed once.
 */
final class StoredEvent {

  static final String ADDED = "ADDED";
  static final String MODIFIED = "MODIFIED";
  static final String DELETED = "DELETED";

  final long resourceVersion;
  final String type;
  final ResourceKind kind;
  /** The object after the change; for DELETED, its last state stamped with this event's resource version. */
  final JsonObject object;
  /** The object before the change; null for ADDED. */
  final JsonObject previous;

  /** The object's JSON, shared by every watch line of this event and by the writer's response. */
  private String objectJson;
  private String encoded;
  private String encodedAsDeletion;

  StoredEvent(long resourceVersion, String type, ResourceKind kind, JsonObject object, JsonObject previous) {
    this.resourceVersion = resourceVersion;
    this.type = type;
    this.kind = kind;
    this.object = object;
    this.previous = previous;
  }

  /**
   * The watch event a watcher with this filter receives, encoded, or null if none. Like a real API server's watch
   * cache, an update that makes an object start matching is ADDED and one that makes it stop matching is DELETED
   * (carrying the previous content at this resource version).
   */
  String deliveryFor(ObjectFilter filter) {
    switch (type) {
      case ADDED -> {
        return filter.matches(object) ? encoded() : null;
      }
      case DELETED -> {
        return filter.matches(previous) ? encoded() : null;
      }
      default -> {
        boolean was = filter.matches(previous);
        boolean is = filter.matches(object);
        if (is) {
          return was ? encoded() : line(ADDED, objectJson());
        }
        return was ? encodedAsDeletion() : null;
      }
    }
  }

  String encoded() {
    if (encoded == null) {
      encoded = line(type, objectJson());
    }
    return encoded;
  }

  /** The object's JSON if a watch line needed it already, else null. */
  String encodedObjectIfAny() {
    return objectJson;
  }

  /** The committed object encoded as JSON, computed at most once. */
  String objectJson() {
    if (objectJson == null) {
      objectJson = object.encode();
    }
    return objectJson;
  }

  /**
   * Drops the cached encodings once the live fan-out is done, so the history holds only the shared objects, not a
   * second copy of each as text.
   */
  void releaseEncoding() {
    objectJson = null;
    encoded = null;
    encodedAsDeletion = null;
  }

  private String encodedAsDeletion() {
    if (encodedAsDeletion == null) {
      JsonObject last = previous.copy();
      KubeObjects.metadata(last).put("resourceVersion", Long.toString(resourceVersion));
      encodedAsDeletion = encode(DELETED, last);
    }
    return encodedAsDeletion;
  }

  static String encode(String type, JsonObject object) {
    return line(type, object.encode());
  }

  /** The watch line {@code {"type":...,"object":...}}, byte for byte what encoding that JsonObject gives. */
  private static String line(String type, String objectJson) {
    return "{\"type\":\"" + type + "\",\"object\":" + objectJson + "}";
  }
}
