package io.loadstone.sandbox.kube;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Small accessors for objects held as {@link JsonObject}s, so callers don't repeat null checks on metadata. */
final class KubeObjects {

  private KubeObjects() {
  }

  static JsonObject metadata(JsonObject object) {
    JsonObject metadata = object.getJsonObject("metadata");
    if (metadata == null) {
      metadata = new JsonObject();
      object.put("metadata", metadata);
    }
    return metadata;
  }

  static String name(JsonObject object) {
    JsonObject metadata = object.getJsonObject("metadata");
    return metadata == null ? null : metadata.getString("name");
  }

  static String namespace(JsonObject object) {
    JsonObject metadata = object.getJsonObject("metadata");
    return metadata == null ? null : metadata.getString("namespace");
  }

  static String resourceVersion(JsonObject object) {
    JsonObject metadata = object.getJsonObject("metadata");
    return metadata == null ? null : metadata.getString("resourceVersion");
  }

  static JsonArray finalizers(JsonObject object) {
    JsonObject metadata = object.getJsonObject("metadata");
    JsonArray finalizers = metadata == null ? null : metadata.getJsonArray("finalizers");
    return finalizers == null ? new JsonArray() : finalizers;
  }

  static boolean isTerminating(JsonObject object) {
    JsonObject metadata = object.getJsonObject("metadata");
    return metadata != null && metadata.getString("deletionTimestamp") != null;
  }

  /** RFC 3339 in UTC with second precision, the format of Kubernetes' metav1.Time. */
  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** A non-negative resource version from a query or body, or -1 if absent or empty. */
  static long parseResourceVersion(String value) {
    if (value == null || value.isEmpty()) {
      return -1;
    }
    try {
      long rv = Long.parseLong(value);
      if (rv < 0) {
        throw new NumberFormatException();
      }
      return rv;
    } catch (NumberFormatException e) {
      throw KubeApiException.badRequest("invalid resource version \"" + value + "\": expected a non-negative integer");
    }
  }
}
