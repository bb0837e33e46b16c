package io.loadstone.sandbox.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.zjsonpatch.JsonPatch;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Applies the PATCH bodies a Kubernetes client sends, chosen by Content-Type.
 * <ul>
 *   <li>{@code application/json-patch+json}: RFC 6902, via zjsonpatch.</li>
 *   <li>{@code application/merge-patch+json}: RFC 7386.</li>
 *   <li>{@code application/strategic-merge-patch+json}: simplified to a JSON merge patch, so lists are replaced
 *       whole instead of merged by key (a real server merges e.g. containers by name).</li>
 *   <li>{@code application/apply-patch+yaml} (server-side apply): simplified to a merge of the applied
 *       configuration into the live object (or a create when absent); no field ownership or conflict detection,
 *       and fields the applier stopped setting are not removed.</li>
 * </ul>
 */
final class Patches {

  enum Type { JSON, MERGE, STRATEGIC_MERGE, APPLY }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Patches() {
  }

  static Type type(String contentType) {
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return switch (mediaType) {
      case "application/json-patch+json" -> Type.JSON;
      case "application/merge-patch+json" -> Type.MERGE;
      case "application/strategic-merge-patch+json" -> Type.STRATEGIC_MERGE;
      case "application/apply-patch+yaml", "application/apply-patch+json" -> Type.APPLY;
      default -> throw KubeApiException.unsupportedMediaType(contentType);
    };
  }

  /** The applied configuration of a server-side apply, parsed from YAML (JSON is YAML too). */
  static JsonObject parseApplyBody(Buffer body) {
    try {
      Object parsed = YAML.readValue(body.getBytes(), Object.class);
      if (!(parsed instanceof Map<?, ?> map)) {
        throw KubeApiException.badRequest("the apply patch must be a YAML or JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) map;
      return new JsonObject(fields).copy();
    } catch (IOException e) {
      throw KubeApiException.badRequest("error decoding YAML: the apply patch is not valid YAML" + location(e));
    }
  }

  /**
   * Returns a new object: {@code target} patched. {@code target} is not modified; for merge patches the result
   * shares unpatched parts with it, so neither may be mutated below its top level afterwards.
   */
  static JsonObject apply(Type type, JsonObject target, Buffer body, ResourceKind kind) {
    return switch (type) {
      case JSON -> jsonPatch(target, body, kind);
      case MERGE, STRATEGIC_MERGE -> (JsonObject) mergePatch(target, parseObject(body));
      case APPLY -> (JsonObject) mergePatch(target, parseApplyBody(body));
    };
  }

  /**
   * RFC 7386: objects merge recursively, null removes, anything else replaces. The result is a new object along
   * every patched path; parts the patch does not touch are shared with {@code target} (stored objects are never
   * mutated, so sharing them is safe and spares copying a whole object per status write).
   */
  static Object mergePatch(Object target, Object patch) {
    if (!(patch instanceof JsonObject patchObject)) {
      return patch instanceof JsonArray array ? array.copy() : patch;
    }
    JsonObject result = target instanceof JsonObject targetObject
        ? new JsonObject(new LinkedHashMap<>(targetObject.getMap())) : new JsonObject();
    for (String key : patchObject.fieldNames()) {
      Object value = patchObject.getValue(key);
      if (value == null) {
        result.remove(key);
      } else {
        result.put(key, mergePatch(result.getValue(key), value));
      }
    }
    return result;
  }

  private static JsonObject jsonPatch(JsonObject target, Buffer body, ResourceKind kind) {
    ObjectMapper mapper = DatabindCodec.mapper();
    JsonNode patch;
    try {
      patch = mapper.readTree(body.getBytes());
    } catch (IOException e) {
      throw KubeApiException.badRequest("the JSON patch is not valid JSON" + location(e));
    }
    if (patch == null || !patch.isArray()) {
      throw KubeApiException.badRequest("a JSON patch must be an array of operations");
    }
    try {
      JsonNode result = JsonPatch.apply(patch, mapper.readTree(target.toBuffer().getBytes()));
      if (!result.isObject()) {
        throw KubeApiException.badRequest("the JSON patch did not produce an object");
      }
      return new JsonObject(mapper.writeValueAsString(result));
    } catch (IOException e) {
      throw new IllegalStateException("re-encoding a stored object failed", e);
    } catch (RuntimeException e) {
      if (e instanceof KubeApiException kubeError) {
        throw kubeError;
      }
      // zjsonpatch reports a failed test, a missing path or a bad operation here: the patch does not apply.
      throw new KubeApiException(422, "Invalid", "the JSON patch could not be applied: " + e.getMessage(), kind,
          KubeObjects.name(target), null);
    }
  }

  /** Parses a JSON object body; anything else is a 400 naming only the position, never the content. */
  static JsonObject parseObject(Buffer body) {
    if (body == null || body.length() == 0) {
      throw KubeApiException.badRequest("the request body is empty; a JSON object is required");
    }
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      Throwable cause = e.getCause();
      throw KubeApiException.badRequest("the request body is not a valid JSON object"
          + (cause instanceof JsonProcessingException json ? location(json) : ""));
    }
  }

  private static String location(Exception e) {
    if (e instanceof JsonProcessingException json && json.getLocation() != null) {
      return " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
    }
    return "";
  }
}
