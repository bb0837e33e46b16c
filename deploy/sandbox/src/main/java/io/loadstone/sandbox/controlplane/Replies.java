package io.loadstone.sandbox.controlplane;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP answers the way the platform gives them: JSON bodies, errors as {@code {"error","message"}}, never a stack
 * trace. Also reads typed fields out of request bodies, turning a wrong type into a 400 rather than an exception.
 */
final class Replies {
  private static final String ARRIVED = "loadstone.arrivedNanos";

  private Replies() {
  }

  static void json(RoutingContext ctx, int status, Object body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .end(Json.encode(body));
  }

  /** Like {@link #json}, for a body already encoded as JSON. */
  static void encodedJson(RoutingContext ctx, int status, String json) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(json);
  }

  static void error(RoutingContext ctx, int status, String error, String message) {
    json(ctx, status, errorBody(error, message));
  }

  static JsonObject errorBody(String error, String message) {
    return new JsonObject().put("error", error).put("message", message);
  }

  /** When the request's head was read (this JVM's {@code System.nanoTime()}), before its body and any check. */
  static long arrivedNanos(RoutingContext ctx) {
    Long arrived = ctx.get(ARRIVED);
    return arrived != null ? arrived : System.nanoTime();
  }

  /** Stamps the request's arrival; the first handler of every route. */
  static void stampArrival(RoutingContext ctx) {
    ctx.put(ARRIVED, System.nanoTime());
  }

  /**
   * The body as a JSON object. The parser's own message is not echoed back: it quotes the body, which may hold a
   * password.
   */
  static JsonObject bodyObject(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new BadRequest("Invalid request body", "request body is empty; expected a JSON object");
    }
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new BadRequest("Invalid request body", "request body is not valid JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw new BadRequest("Invalid request body", "expected a JSON object, got " + kind(value));
    }
    return object;
  }

  static String optString(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw wrongType(field, "a string", v);
    }
    return s;
  }

  static Boolean optBoolean(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Boolean b)) {
      throw wrongType(field, "a boolean", v);
    }
    return b;
  }

  static Integer optInt(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw wrongType(field, "an integer", v);
    }
    return n.intValue();
  }

  static JsonObject optObject(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonObject o)) {
      throw wrongType(field, "an object", v);
    }
    return o;
  }

  /** null when absent (the platform answers {@code "tags": null} then) */
  static List<String> optStringList(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonArray array)) {
      throw wrongType(field, "an array of strings", v);
    }
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s)) {
        throw wrongType(field + "[]", "a string", item);
      }
      out.add(s);
    }
    return out;
  }

  private static BadRequest wrongType(String field, String expected, Object got) {
    return new BadRequest("Invalid request body", "field '" + field + "': expected " + expected + ", got " + kind(got));
  }

  static String kind(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof Number) {
      return "a number";
    }
    if (v instanceof JsonArray) {
      return "an array";
    }
    return v instanceof JsonObject ? "an object" : v.getClass().getSimpleName();
  }

  /** A request the platform rejects with 400; the handler's catch turns it into the JSON answer. */
  static final class BadRequest extends RuntimeException {
    private final String error;

    BadRequest(String error, String message) {
      super(message, null, false, false);
      this.error = error;
    }

    String error() {
      return error;
    }

    void reply(RoutingContext ctx) {
      Replies.error(ctx, 400, error, getMessage());
    }
  }
}
