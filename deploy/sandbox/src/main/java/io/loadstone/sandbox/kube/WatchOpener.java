package io.loadstone.sandbox.kube;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens watches like a real API server. A GET with {@code watch=true} (or {@code 1}) that asks for a WebSocket
 * upgrade gets one (fabric8's default transport); otherwise the answer is a chunked stream of JSON lines (fabric8's
 * fallback, and what kubectl and client-go use).
 * <ul>
 *   <li>{@code resourceVersion} absent or {@code 0}: an ADDED for every current matching object, then live
 *       events.</li>
 *   <li>{@code resourceVersion=N}: every event after N from the history, then live events; if N is older than the
 *       history, one ERROR event with a 410 {@code Expired} Status ("too old resource version") and the end.</li>
 *   <li>{@code sendInitialEvents=true}: the current objects, then a BOOKMARK annotated
 *       {@code k8s.io/initial-events-end}, as for a streaming list.</li>
 *   <li>{@code timeoutSeconds}: the watch ends after that time (with a BOOKMARK first if
 *       {@code allowWatchBookmarks=true}); informers simply watch again.</li>
 * </ul>
 * Snapshot and registration happen in one step on the server's context, so no event falls between them.
 */
final class WatchOpener {

  private static final Logger log = LoggerFactory.getLogger(WatchOpener.class);

  private final Vertx vertx;
  private final KubeStore store;
  private final WatchHub hub;
  private final KubeServerOptions options;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong goneAnswers = new AtomicLong();

  WatchOpener(Vertx vertx, KubeStore store, WatchHub hub, KubeServerOptions options) {
    this.vertx = vertx;
    this.store = store;
    this.hub = hub;
    this.options = options;
  }

  static boolean isWatch(MultiMap params) {
    String watch = params.get("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  long goneAnswers() {
    return goneAnswers.get();
  }

  void open(HttpServerRequest request, ResourceKind kind, ObjectFilter filter) {
    MultiMap params = request.params();
    long fromVersion = KubeObjects.parseResourceVersion(params.get("resourceVersion"));
    long timeoutSeconds = parseTimeout(params.get("timeoutSeconds"));
    boolean initialEventsEnd = "true".equals(params.get("sendInitialEvents"));
    boolean bookmarks = "true".equals(params.get("allowWatchBookmarks"));
    WatchRequest watch = new WatchRequest(kind, filter, fromVersion, timeoutSeconds, initialEventsEnd, bookmarks);
    if (request.canUpgradeToWebSocket()) {
      if (!options.webSocketWatches()) {
        throw new KubeApiException(503, "ServiceUnavailable", "WebSocket watches are disabled on this server; "
            + "watch over HTTP streaming instead", null, null, null);
      }
      request.toWebSocket()
          .onSuccess(socket -> begin(new WebSocketWatchSink(socket), watch))
          .onFailure(e -> log.debug("watch upgrade on {} failed: {}", kind.plural(), e.toString()));
    } else {
      begin(new HttpWatchSink(request.response()), watch);
    }
  }

  private record WatchRequest(ResourceKind kind, ObjectFilter filter, long fromVersion, long timeoutSeconds,
                              boolean initialEventsEnd, boolean bookmarks) {
  }

  private void begin(WatchSink sink, WatchRequest request) {
    ServerWatch watch = new ServerWatch(ids.incrementAndGet(), request.kind(), request.filter(), sink, hub,
        options.maxPendingWatchBytes());
    List<Object> initial = new ArrayList<>();
    if (request.fromVersion() > 0 && !request.initialEventsEnd()) {
      EventHistory history = store.history();
      if (!history.covers(request.fromVersion())) {
        goneAnswers.incrementAndGet();
        hub.add(watch);
        watch.start(vertx, List.of(), 0, false, store::resourceVersion);
        watch.fail(KubeApiException.gone("too old resource version: " + request.fromVersion() + " ("
            + history.oldestAvailable() + ")").toStatus());
        return;
      }
      for (StoredEvent event : history.after(request.fromVersion())) {
        String line = event.deliveryFor(request.filter());
        event.releaseEncoding();
        if (line != null) {
          initial.add(line);
        }
      }
    } else {
      initial.addAll(store.list(request.kind(), request.filter()));
      if (request.initialEventsEnd()) {
        initial.add(StoredEvent.encode("BOOKMARK", bookmark(request.kind(), store.resourceVersion(), true)));
      }
    }
    hub.add(watch);
    watch.start(vertx, initial, request.timeoutSeconds(), request.bookmarks(), store::resourceVersion);
  }

  static JsonObject bookmark(ResourceKind kind, long resourceVersion, boolean initialEventsEnd) {
    JsonObject metadata = new JsonObject().put("resourceVersion", Long.toString(resourceVersion));
    if (initialEventsEnd) {
      metadata.put("annotations", new JsonObject().put("k8s.io/initial-events-end", "true"));
    }
    return new JsonObject().put("kind", kind.kind()).put("apiVersion", kind.apiVersion()).put("metadata", metadata);
  }

  private static long parseTimeout(String value) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw KubeApiException.badRequest("timeoutSeconds must be an integer, got \"" + value + "\"");
    }
  }
}
