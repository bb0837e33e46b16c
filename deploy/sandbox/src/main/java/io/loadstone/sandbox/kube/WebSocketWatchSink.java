package io.loadstone.sandbox.kube;

import io.vertx.core.http.ServerWebSocket;

/** A watch over a WebSocket, as fabric8 opens it by default: one text message per event. */
final class WebSocketWatchSink implements WatchSink {

  private final ServerWebSocket socket;

  WebSocketWatchSink(ServerWebSocket socket) {
    this.socket = socket;
    // Clients send nothing but control frames; drop anything else rather than buffer it.
    socket.handler(ignored -> { });
    socket.exceptionHandler(ignored -> { });
  }

  @Override
  public void write(String event) {
    socket.writeTextMessage(event);
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  public void drainHandler(Runnable handler) {
    socket.drainHandler(v -> handler.run());
  }

  @Override
  public void closeHandler(Runnable handler) {
    socket.closeHandler(v -> handler.run());
  }

  @Override
  public void close() {
    if (!socket.isClosed()) {
      socket.close((short) 1000, "watch closed");
    }
  }

  @Override
  public String transport() {
    return "websocket";
  }
}
