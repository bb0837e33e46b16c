package io.loadstone.sandbox.kube;

import io.vertx.core.http.HttpServerResponse;

/**
 * A watch over a chunked HTTP response, fabric8's fallback when the WebSocket upgrade is refused: newline-delimited
 * JSON events. Headers go out at once, so the client sees the 200 before the first event, as with a real server.
 */
final class HttpWatchSink implements WatchSink {

  private final HttpServerResponse response;

  HttpWatchSink(HttpServerResponse response) {
    this.response = response;
    response.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache, private");
    response.exceptionHandler(ignored -> { });
    response.writeHead();
  }

  @Override
  public void write(String event) {
    response.write(event + "\n");
  }

  @Override
  public boolean writeQueueFull() {
    return response.writeQueueFull();
  }

  @Override
  public void drainHandler(Runnable handler) {
    response.drainHandler(v -> handler.run());
  }

  @Override
  public void closeHandler(Runnable handler) {
    response.closeHandler(v -> handler.run());
  }

  @Override
  public void close() {
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }

  @Override
  public String transport() {
    return "http-stream";
  }
}
