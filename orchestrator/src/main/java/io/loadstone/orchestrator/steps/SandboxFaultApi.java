package io.loadstone.orchestrator.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/**
 * The sandbox's own fault API ({@code POST /sandbox/v1/faults}), next to its StreamSpace API. The sandbox checks the
 * fault again; a refusal fails with its status and message.
 */
public final class SandboxFaultApi {
  private static final long TIMEOUT_MILLIS = 10_000;

  private final WebClient http;
  private final String url;

  /** @param api the sandbox's StreamSpace API base, e.g. {@code http://127.0.0.1:41234} */
  public SandboxFaultApi(Vertx vertx, String api) {
    // a client that reads the whole answer before handing it over: the core client's response can lose its body
    // when the caller attaches its handler from a thread outside Vert.x after the answer has arrived
    this.http = WebClient.create(vertx);
    this.url = api.replaceAll("/+$", "") + "/sandbox/v1/faults";
  }

  /** Switches {@code spec} on; succeeds with {@code sandbox fault 7 on: {...}}. */
  public Future<String> add(ObjectNode spec) {
    return http.postAbs(url).putHeader("Content-Type", "application/json").timeout(TIMEOUT_MILLIS)
        .sendBuffer(Buffer.buffer(spec.toString()))
        .compose(response -> {
          Buffer body = response.body() == null ? Buffer.buffer() : response.body();
          JsonObject json = json(body);
          if (response.statusCode() / 100 != 2) {
            String message = json != null ? json.getString("message", excerpt(body)) : excerpt(body);
            return Future.failedFuture(new IllegalStateException("the sandbox refused the fault (HTTP "
                + response.statusCode() + "): " + message));
          }
          if (json == null || json.getValue("id") == null) {
            return Future.failedFuture(new IllegalStateException("the sandbox answered HTTP " + response.statusCode()
                + " without a fault id: " + excerpt(body)));
          }
          return Future.succeededFuture("sandbox fault " + json.getValue("id") + " on: " + json.encode());
        });
  }

  private static JsonObject json(Buffer body) {
    try {
      return body.length() == 0 ? null : new JsonObject(body);
    } catch (DecodeException e) {
      return null;
    }
  }

  private static String excerpt(Buffer body) {
    String text = body.toString().strip().replaceAll("\\s+", " ");
    return text.isEmpty() ? "(no body)" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  public Future<Void> close() {
    http.close();
    return Future.succeededFuture();
  }
}
