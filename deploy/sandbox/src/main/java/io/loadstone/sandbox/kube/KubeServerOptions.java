package io.loadstone.sandbox.kube;

/**
 * Tuning of the API server; the defaults are what the sandbox uses, tests shrink them to provoke edge cases.
 *
 * @param historyEvents        committed events kept for watch resumption; older resource versions get 410 Gone
 * @param maxBodyBytes         largest request body accepted; larger ones get 413
 * @param maxPendingWatchBytes live events a watch may have queued (beyond the socket's own buffer) before it is
 *                             treated as stuck and closed; the client then re-watches from its last version
 * @param webSocketWatches     accept WebSocket upgrades for watches; when false they are refused with 503 and
 *                             clients fall back to HTTP streaming
 */
record KubeServerOptions(int historyEvents, long maxBodyBytes, long maxPendingWatchBytes, boolean webSocketWatches) {

  static KubeServerOptions defaults() {
    return new KubeServerOptions(50_000, 3L * 1024 * 1024, 8L * 1024 * 1024, true);
  }

  KubeServerOptions withHistoryEvents(int events) {
    return new KubeServerOptions(events, maxBodyBytes, maxPendingWatchBytes, webSocketWatches);
  }

  KubeServerOptions withMaxPendingWatchBytes(long bytes) {
    return new KubeServerOptions(historyEvents, maxBodyBytes, bytes, webSocketWatches);
  }

  KubeServerOptions withWebSocketWatches(boolean enabled) {
    return new KubeServerOptions(historyEvents, maxBodyBytes, maxPendingWatchBytes, enabled);
  }
}
