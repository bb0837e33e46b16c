package io.loadstone.worker.platform;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * An answer of the platform as received: status, whole body, and when its request went on the wire (this JVM's
 * nanoTime); and how it becomes a JSON result or a {@link PlatformException} quoting an excerpt of it.
 */
record Reply(int statusCode, Buffer body, long sentNanos) {
  boolean success() {
    return statusCode >= 200 && statusCode < 300;
  }

  /** The body as a JSON object, null when there is none; throws {@link DecodeException} when it is not JSON. */
  JsonObject bodyAsJsonObject() {
    return body == null || body.length() == 0 ? null : new JsonObject(body);
  }

  /** The body as a JSON object, or a failed future naming {@code operation} when it is none. */
  Future<JsonObject> json(String operation) {
    try {
      JsonObject json = bodyAsJsonObject();
      return json == null ? Future.failedFuture(invalid(operation, "expected a JSON object, got no body"))
          : Future.succeededFuture(json);
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(invalid(operation, "expected a JSON object"));
    }
  }

  PlatformException invalid(String operation, String what) {
    return new PlatformException(operation, statusCode, "Invalid response", what, excerpt());
  }

  /** The platform's error answer: {@code {"error": "...", "message": "..."}}, either field possibly missing. */
  PlatformException failure(String operation) {
    String error = null;
    String message = null;
    try {
      Object parsed = body == null ? null : Json.decodeValue(body);
      if (parsed instanceof JsonObject json) {
        error = json.getValue("error") instanceof String e ? e : null;
        message = json.getValue("message") instanceof String m ? m : null;
      }
    } catch (DecodeException e) {
      // not JSON (a proxy's HTML page, say): the excerpt shows what it was
    }
    return new PlatformException(operation, statusCode, error, message, excerpt());
  }

  private String excerpt() {
    if (body == null) {
      return "";
    }
    String text = body.toString(StandardCharsets.UTF_8);
    return text.length() <= PlatformException.EXCERPT_CHARS ? text : text.substring(0, PlatformException.EXCERPT_CHARS);
  }
}
