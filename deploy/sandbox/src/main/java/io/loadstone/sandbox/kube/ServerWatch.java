package io.loadstone.sandbox.kube;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open watch: its kind and filter, its sink, and the events queued while the sink's write queue is full.
 * <p>
 * Buffering is bounded: the initial state (current objects, or events replayed from a resource version) is queued
 * without limit because it is a fixed amount, but live events queued behind a stuck consumer may take at most
 * {@code maxPendingBytes}; past that the watch is closed, and the client re-watches from the last version it saw
 * (as a real API server drops a watcher whose buffer is full). Confined to the server's context.
 */
final class ServerWatch {

  private static final Logger log = LoggerFactory.getLogger(ServerWatch.class);

  private final long id;
  private final ResourceKind kind;
  private final ObjectFilter filter;
  private final WatchSink sink;
  private final WatchHub hub;
  private final long maxPendingBytes;
  /** Encoded events (String) or current objects still to be encoded as ADDED (JsonObject). */
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private long pendingLiveBytes;
  private boolean closed;
  private long timerId = -1;
  private Vertx vertx;

  ServerWatch(long id, ResourceKind kind, ObjectFilter filter, WatchSink sink, WatchHub hub, long maxPendingBytes) {
    this.id = id;
    this.kind = kind;
    this.filter = filter;
    this.sink = sink;
    this.hub = hub;
    this.maxPendingBytes = maxPendingBytes;
  }

  ResourceKind kind() {
    return kind;
  }

  /**
   * Starts the watch: {@code initial} holds current objects (sent as ADDED) or encoded replayed events; then live
   * events follow through {@link #offer}. A positive {@code timeoutSeconds} ends the watch after that time.
   */
  void start(Vertx vertx, List<?> initial, long timeoutSeconds, boolean bookmarkOnTimeout,
             LongSupplier currentVersion) {
    this.vertx = vertx;
    sink.closeHandler(() -> finish("client closed"));
    sink.drainHandler(this::flush);
    pending.addAll(initial);
    flush();
    if (timeoutSeconds > 0) {
      timerId = vertx.setTimer(timeoutSeconds * 1000, t -> {
        timerId = -1;
        if (bookmarkOnTimeout && !closed) {
          // Everything committed so far is already queued for this watch, so the current version is a safe resume point.
          pending.add(StoredEvent.encode("BOOKMARK", WatchOpener.bookmark(kind, currentVersion.getAsLong(), false)));
          flush();
        }
        close("timeoutSeconds reached");
      });
    }
    log.debug("watch {} opened: {} ns={} over {} ({} initial events)", id, kind.plural(), filter.namespace(),
        sink.transport(), initial.size());
  }

  void offer(StoredEvent event) {
    if (closed) {
      return;
    }
    String line = event.deliveryFor(filter);
    if (line == null) {
      return;
    }
    if (pending.isEmpty() && !sink.writeQueueFull()) {
      sink.write(line);
      return;
    }
    pending.add(line);
    pendingLiveBytes += line.length();
    if (pendingLiveBytes > maxPendingBytes) {
      log.warn("watch {} on {} ns={} is not reading ({} bytes queued): closing it; the client will re-watch",
          id, kind.plural(), filter.namespace(), pendingLiveBytes);
      close("slow consumer");
    }
  }

  /** Sends an ERROR event carrying {@code status}, then ends the watch. */
  void fail(JsonObject status) {
    if (!closed) {
      pending.add(StoredEvent.encode("ERROR", status));
      flush();
      close("error " + status.getInteger("code"));
    }
  }

  /** Ends the watch from the server side: the sink is closed gracefully and the watch leaves the hub. */
  void close(String why) {
    if (closed) {
      return;
    }
    finish(why);
    sink.close();
  }

  private void finish(String why) {
    if (closed) {
      return;
    }
    closed = true;
    pending.clear();
    pendingLiveBytes = 0;
    if (timerId >= 0 && vertx != null) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    hub.remove(this);
    log.debug("watch {} on {} closed: {}", id, kind.plural(), why);
  }

  private void flush() {
    if (closed) {
      return;
    }
    while (!pending.isEmpty() && !sink.writeQueueFull()) {
      Object next = pending.poll();
      String line;
      if (next instanceof JsonObject object) {
        line = StoredEvent.encode(StoredEvent.ADDED, object);
      } else {
        line = (String) next;
        pendingLiveBytes = Math.max(0, pendingLiveBytes - line.length());
      }
      sink.write(line);
    }
  }
}
