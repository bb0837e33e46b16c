package io.loadstone.sandbox.kube;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.StringJoiner;

/**
 * The {@code /scale} subresource of Deployments and ReplicaSets, as an {@code autoscaling/v1} {@code Scale}: GET
 * reads {@code spec.replicas}, PUT and PATCH write it (a spec change, so the generation moves on). fabric8's
 * {@code scale(n)} uses it.
 */
final class ScaleSubresource {

  private final KubeOperations operations;

  ScaleSubresource(KubeOperations operations) {
    this.operations = operations;
  }

  JsonObject get(ResourceKind kind, String namespace, String name) {
    return scaleOf(operations.get(kind, namespace, name));
  }

  JsonObject replace(ResourceKind kind, String namespace, String name, JsonObject scale) {
    JsonObject existing = operations.get(kind, namespace, name);
    return scaleOf(write(kind, existing, scale));
  }

  JsonObject patch(ResourceKind kind, String namespace, String name, String contentType, Buffer body) {
    Patches.Type type = Patches.type(contentType);
    JsonObject existing = operations.get(kind, namespace, name);
    JsonObject patched = Patches.apply(type, scaleOf(existing), body, kind);
    return scaleOf(write(kind, existing, patched));
  }

  private JsonObject write(ResourceKind kind, JsonObject existing, JsonObject scale) {
    String name = KubeObjects.name(existing);
    String version = KubeObjects.resourceVersion(scale);
    if (version != null && !version.isEmpty() && !version.equals(KubeObjects.resourceVersion(existing))) {
      throw KubeApiException.staleResourceVersion(kind, name);
    }
    JsonObject spec = scale.getJsonObject("spec");
    Object replicas = spec == null ? null : spec.getValue("replicas");
    if (!(replicas instanceof Number count) || count.longValue() < 0 || count.longValue() > Integer.MAX_VALUE) {
      throw KubeApiException.invalid(kind, name, "spec.replicas", "Invalid value",
          replicas + ": must be greater than or equal to 0");
    }
    JsonObject next = existing.copy();
    JsonObject nextSpec = next.getJsonObject("spec");
    if (nextSpec == null) {
      nextSpec = new JsonObject();
      next.put("spec", nextSpec);
    }
    nextSpec.put("replicas", count.intValue());
    return operations.update(kind, existing, next, null);
  }

  private static JsonObject scaleOf(JsonObject object) {
    JsonObject metadata = object.getJsonObject("metadata");
    JsonObject spec = object.getJsonObject("spec", new JsonObject());
    JsonObject status = object.getJsonObject("status", new JsonObject());
    JsonObject scaleStatus = new JsonObject().put("replicas", status.getInteger("replicas", 0));
    JsonObject selector = spec.getJsonObject("selector");
    JsonObject matchLabels = selector == null ? null : selector.getJsonObject("matchLabels");
    if (matchLabels != null && !matchLabels.isEmpty()) {
      StringJoiner joined = new StringJoiner(",");
      matchLabels.forEach(entry -> joined.add(entry.getKey() + "=" + entry.getValue()));
      scaleStatus.put("selector", joined.toString());
    }
    JsonObject scaleMetadata = new JsonObject();
    for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
      if (metadata.getValue(field) != null) {
        scaleMetadata.put(field, metadata.getValue(field));
      }
    }
    return new JsonObject().put("kind", "Scale").put("apiVersion", "autoscaling/v1").put("metadata", scaleMetadata)
        .put("spec", new JsonObject().put("replicas", spec.getInteger("replicas", 1))).put("status", scaleStatus);
  }
}
