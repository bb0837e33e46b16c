package io.loadstone.sandbox.kube;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the server's open TCP connections, so tests can prove nothing leaks. Vert.x stops reporting the close of an
 * HTTP connection once it is upgraded to a WebSocket, so an upgraded connection is tracked through its WebSocket
 * from then on. Removal is idempotent, so no close is counted twice.
 */
final class ConnectionTracker {

  private final Set<Object> open = ConcurrentHashMap.newKeySet();

  void opened(HttpConnection connection) {
    open.add(connection);
    connection.closeHandler(v -> open.remove(connection));
  }

  void upgraded(HttpConnection connection, ServerWebSocket socket) {
    open.remove(connection);
    open.add(socket);
  }

  void closed(ServerWebSocket socket) {
    open.remove(socket);
  }

  int count() {
    return open.size();
  }
}
