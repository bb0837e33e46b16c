package io.loadstone.sandbox.pods;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller work queue, like client-go's: keys (object names) are reconciled one at a time per key, many
 * keys at once; a key added while it is being reconciled runs again afterwards; a failed reconcile is retried
 * with a growing delay (50 ms doubling to 5 s). Adding a key many times before it runs reconciles it once.
 * Not thread-safe: every method runs on the simulator's context.
 */
final class WorkQueue {
  private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);
  private static final long MAX_BACKOFF_MS = 5000;

  private final Vertx vertx;
  private final String name;
  private final long delayMs;
  private final Function<String, Future<?>> reconcile;
  private final Map<String, Long> waiting = new HashMap<>();
  private final Set<String> running = new HashSet<>();
  private final Set<String> dirty = new HashSet<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private boolean closed;

  /** {@code delayMs}: every added key waits that long first (the controller's reaction time). */
  WorkQueue(Vertx vertx, String name, long delayMs, Function<String, Future<?>> reconcile) {
    this.vertx = vertx;
    this.name = name;
    this.delayMs = delayMs;
    this.reconcile = reconcile;
  }

  void add(String key) {
    addAfter(key, delayMs);
  }

  void addAfter(String key, long afterMs) {
    if (closed) {
      return;
    }
    if (running.contains(key)) {
      dirty.add(key);
      return;
    }
    if (waiting.containsKey(key)) {
      return;
    }
    if (afterMs <= 0) {
      waiting.put(key, -1L);
      vertx.runOnContext(v -> fire(key));
    } else {
      waiting.put(key, vertx.setTimer(afterMs, id -> fire(key)));
    }
  }

  private void fire(String key) {
    waiting.remove(key);
    if (closed) {
      return;
    }
    running.add(key);
    Future<?> result;
    try {
      result = reconcile.apply(key);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      running.remove(key);
      if (ar.succeeded()) {
        failures.remove(key);
        if (dirty.remove(key)) {
          addAfter(key, 0);
        }
        return;
      }
      int n = failures.merge(key, 1, Integer::sum);
      long backoff = Math.min(MAX_BACKOFF_MS, 50L << Math.min(n - 1, 10));
      LOG.debug("{} {}: reconcile failed ({} in a row), retry in {} ms: {}", name, key, n, backoff,
          KubeAccess.describe(ar.cause()));
      dirty.remove(key);
      addAfter(key, backoff);
    });
  }

  int size() {
    return waiting.size() + running.size();
  }

  void close() {
    closed = true;
    waiting.values().stream().filter(id -> id >= 0).forEach(vertx::cancelTimer);
    waiting.clear();
  }
}
