package io.loadstone.sandbox.kube;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open watches, indexed by kind; every committed event is offered to each watch of its kind, in commit order.
 * Confined to the server's context, except {@link #openCount()}, which any thread may read.
 */
final class WatchHub {

  private final Map<ResourceKind, Set<ServerWatch>> byKind = new HashMap<>();
  private final AtomicInteger open = new AtomicInteger();

  void add(ServerWatch watch) {
    if (byKind.computeIfAbsent(watch.kind(), k -> new LinkedHashSet<>()).add(watch)) {
      open.incrementAndGet();
    }
  }

  void remove(ServerWatch watch) {
    Set<ServerWatch> watches = byKind.get(watch.kind());
    if (watches != null && watches.remove(watch)) {
      open.decrementAndGet();
    }
  }

  void dispatch(StoredEvent event) {
    Set<ServerWatch> watches = byKind.get(event.kind);
    if (watches == null || watches.isEmpty()) {
      return;
    }
    // A watch may close itself while being offered the event (slow consumer), so iterate over a copy.
    for (ServerWatch watch : new ArrayList<>(watches)) {
      watch.offer(event);
    }
  }

  int openCount() {
    return open.get();
  }

  /** Closes every open watch gracefully (their clients see the stream end and would re-watch). */
  void closeAll(String why) {
    List<ServerWatch> all = new ArrayList<>();
    byKind.values().forEach(all::addAll);
    for (ServerWatch watch : all) {
      watch.close(why);
    }
  }
}
