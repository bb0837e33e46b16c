package io.loadstone.sandbox.kube;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A request the API server refuses, carrying everything a real Kubernetes {@code Status} holds. Thrown inside the
 * server and turned into the HTTP answer at the edge; it has no stack trace (it is an answer, not a bug), and its
 * message never contains request bodies.
 */
final class KubeApiException extends RuntimeException {

  private final int code;
  private final String reason;
  private final String name;
  private final ResourceKind kind;
  private final JsonArray causes;

  KubeApiException(int code, String reason, String message, ResourceKind kind, String name, JsonArray causes) {
    super(message, null, false, false);
    this.code = code;
    this.reason = reason;
    this.kind = kind;
    this.name = name;
    this.causes = causes;
  }

  int code() {
    return code;
  }

  String reason() {
    return reason;
  }

  static KubeApiException notFound(ResourceKind kind, String name) {
    return new KubeApiException(404, "NotFound", kind.qualifiedResource() + " \"" + name + "\" not found", kind,
        name, null);
  }

  static KubeApiException notFound(String message) {
    return new KubeApiException(404, "NotFound", message, null, null, null);
  }

  static KubeApiException alreadyExists(ResourceKind kind, String name) {
    return new KubeApiException(409, "AlreadyExists", kind.qualifiedResource() + " \"" + name + "\" already exists",
        kind, name, null);
  }

  static KubeApiException conflict(ResourceKind kind, String name, String why) {
    return new KubeApiException(409, "Conflict",
        "Operation cannot be fulfilled on " + kind.qualifiedResource() + " \"" + name + "\": " + why, kind, name,
        null);
  }

  static KubeApiException staleResourceVersion(ResourceKind kind, String name) {
    return conflict(kind, name,
        "the object has been modified; please apply your changes to the latest version and try again");
  }

  /** 422, as a real server's validation answers: {@code Pod "x" is invalid: field: Required value: ...}. */
  static KubeApiException invalid(ResourceKind kind, String name, String field, String causeType, String detail) {
    String message = kind.kind() + " \"" + (name == null ? "" : name) + "\" is invalid: " + field + ": " + causeType
        + ": " + detail;
    JsonArray causes = new JsonArray().add(new JsonObject().put("reason", "Field" + causeType.replace(" ", ""))
        .put("message", causeType + ": " + detail).put("field", field));
    return new KubeApiException(422, "Invalid", message, kind, name, causes);
  }

  static KubeApiException badRequest(String message) {
    return new KubeApiException(400, "BadRequest", message, null, null, null);
  }

  static KubeApiException methodNotAllowed(String method, String path) {
    return new KubeApiException(405, "MethodNotAllowed",
        "the server does not allow this method on the requested resource (" + method + " " + path + ")", null, null,
        null);
  }

  static KubeApiException unsupportedMediaType(String contentType) {
    return new KubeApiException(415, "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: "
            + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, "
            + "application/strategic-merge-patch+json (got " + contentType + ")", null, null, null);
  }

  static KubeApiException tooLarge(long limitBytes) {
    return new KubeApiException(413, "RequestEntityTooLarge",
        "the request body is larger than the limit of " + limitBytes + " bytes", null, null, null);
  }

  static KubeApiException gone(String message) {
    return new KubeApiException(410, "Expired", message, null, null, null);
  }

  /** The real Kubernetes {@code Status} object for this refusal. */
  JsonObject toStatus() {
    return status(code, reason, getMessage(), kind, name, causes);
  }

  static JsonObject status(int code, String reason, String message, ResourceKind kind, String name,
                           JsonArray causes) {
    JsonObject status = new JsonObject().put("kind", "Status").put("apiVersion", "v1")
        .put("metadata", new JsonObject()).put("status", "Failure").put("message", message).put("reason", reason);
    if (kind != null || name != null || causes != null) {
      JsonObject details = new JsonObject();
      if (name != null) {
        details.put("name", name);
      }
      if (kind != null) {
        if (!kind.group().isEmpty()) {
          details.put("group", kind.group());
        }
        details.put("kind", kind.plural());
      }
      if (causes != null) {
        details.put("causes", causes);
      }
      status.put("details", details);
    }
    return status.put("code", code);
  }
}
