package io.loadstone.sandbox.kube;

import java.util.ArrayList;
import java.util.List;

/**
 * The last N committed events across all kinds, so a watch can resume from a resource version. Resource versions
 * are consecutive (one per commit), so the buffer is a ring indexed by version. Not thread-safe: it lives on the
 * server's single context.
 */
final class EventHistory {

  private final StoredEvent[] ring;
  /** Every event with a resource version at or below this one is gone from the ring. */
  private long evictedThrough;
  private long newest;

  EventHistory(int capacity, long startRv) {
    if (capacity < 1) {
      throw new IllegalArgumentException("history capacity must be >= 1, got " + capacity);
    }
    this.ring = new StoredEvent[capacity];
    this.evictedThrough = startRv;
    this.newest = startRv;
  }

  void append(StoredEvent event) {
    if (event.resourceVersion != newest + 1) {
      throw new IllegalStateException("history expects resource version " + (newest + 1) + ", got "
          + event.resourceVersion);
    }
    newest = event.resourceVersion;
    if (newest - evictedThrough > ring.length) {
      evictedThrough = newest - ring.length;
    }
    ring[(int) (newest % ring.length)] = event;
  }

  /** True if every event after {@code rv} is still held, so a watch from {@code rv} misses nothing. */
  boolean covers(long rv) {
    return rv >= evictedThrough;
  }

  long oldestAvailable() {
    return evictedThrough + 1;
  }

  /** Events with a resource version above {@code rv}, oldest first; call only when {@link #covers(long)}. */
  List<StoredEvent> after(long rv) {
    if (!covers(rv)) {
      throw new IllegalStateException("resource version " + rv + " is older than the history");
    }
    List<StoredEvent> events = new ArrayList<>((int) Math.max(0, newest - rv));
    for (long v = rv + 1; v <= newest; v++) {
      events.add(ring[(int) (v % ring.length)]);
    }
    return events;
  }

  /** Forgets everything up to the newest event, like an etcd compaction; for tests of 410 Gone. */
  void compact() {
    evictedThrough = newest;
  }
}
