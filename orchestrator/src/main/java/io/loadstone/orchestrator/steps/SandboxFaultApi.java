package io.loadstone.orchestrator.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The sandbox's own fault API ({@code POST /sandbox/v1/faults}), next to its StreamSpace API. The sandbox checks the
 * fault again; a refusal fails with its status and message.
 */
public final class SandboxFaultApi {
  private static final long TIMEOUT_MILLIS = 10_000;

  private final HttpClient http;
  private final String url;

  /** @param api the sandbox's StreamSpace API base, e.g. {@code http://127.0.0.1:41234} */
  public SandboxFaultApi(Vertx vertx, String api) {
    this.http = vertx.createHttpClient();
    this.url = api.replaceAll("/+$", "") + "/sandbox/v1/faults";
  }

  /** Switches {@code spec} on; succeeds with {@code sandbox fault 7 on: {...}}. */
  public Future<String> add(ObjectNode spec) {
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
            .putHeader("Content-Type", "application/json").setTimeout(TIMEOUT_MILLIS))
        .compose(request -> request.send(Buffer.buffer(spec.toString())))
        .compose(response -> response.body().compose(body -> {
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
        }));
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
    return http.close();
  }
}
