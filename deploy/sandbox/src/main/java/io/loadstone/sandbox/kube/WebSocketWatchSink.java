package io.loadstone.sandbox.kube;

import io.vertx.core.http.ServerWebSocket;

/** A watch over a WebSocket, as fabric8 opens it by default: one text message per event. */
final class WebSocketWatchSink implements WatchSink {

  private final ServerWebSocket socket;
  private final Runnable onSocketClosed;

  /** {@code onSocketClosed} runs when the connection ends, whoever ends it. */
  WebSocketWatchSink(ServerWebSocket socket, Runnable onSocketClosed) {
    this.socket = socket;
    this.onSocketClosed = onSocketClosed;
    socket.closeHandler(v -> onSocketClosed.run());
    // Clients send nothing but control frames; drop anything else rather than buffer it.
    socket.handler(ignored -> { });
    socket.exceptionHandler(ignored -> { });
  }

  @Override
  public void write(String event) {
    // The peer may have started closing before our close handler ran; Vert.x refuses writes then.
    if (!socket.isClosed()) {
      socket.writeTextMessage(event);
    }
  }

  @Override
  public boolean writeQueueFull() {
    return !socket.isClosed() && socket.writeQueueFull();
  }

  @Override
  public void drainHandler(Runnable handler) {
    socket.drainHandler(v -> handler.run());
  }

  @Override
  public void closeHandler(Runnable handler) {
    socket.closeHandler(v -> {
      onSocketClosed.run();
      handler.run();
    });
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
