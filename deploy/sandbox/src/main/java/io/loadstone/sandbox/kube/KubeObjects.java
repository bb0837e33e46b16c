package io.loadstone.sandbox.kube;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.impl.JsonUtil;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

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

  /**
   * JSON equality with {@link JsonObject#equals}'s rules (numbers compare by value across types), but parts that
   * both sides share are not walked: an update shares everything it did not change with the stored object, so
   * telling "nothing changed" costs only the changed paths.
   */
  static boolean sameJson(Object a, Object b) {
    Object left = unwrap(a);
    Object right = unwrap(b);
    if (left == right) {
      return true;
    }
    if (left instanceof Map<?, ?> leftMap) {
      if (!(right instanceof Map<?, ?> rightMap) || leftMap.size() != rightMap.size()) {
        return false;
      }
      for (Map.Entry<?, ?> entry : leftMap.entrySet()) {
        Object other = rightMap.get(entry.getKey());
        if ((other == null && !rightMap.containsKey(entry.getKey())) || !sameJson(entry.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (left instanceof List<?> leftList) {
      if (!(right instanceof List<?> rightList) || leftList.size() != rightList.size()) {
        return false;
      }
      for (int i = 0; i < leftList.size(); i++) {
        if (!sameJson(leftList.get(i), rightList.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (left == null || right == null || right instanceof Map || right instanceof List) {
      return false;
    }
    return JsonUtil.compare(left, right);
  }

  private static Object unwrap(Object value) {
    if (value instanceof JsonObject object) {
      return object.getMap();
    }
    if (value instanceof JsonArray array) {
      return array.getList();
    }
    return value;
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
