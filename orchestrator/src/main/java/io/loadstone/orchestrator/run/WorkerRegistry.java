package io.loadstone.orchestrator.run;

import io.loadstone.common.message.WorkerHello;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workers of one run: who joined (name, cluster node, capacity, when) and who was lost (when the cluster said its
 * node left). A name joins once; a lost worker stays lost.
 */
public final class WorkerRegistry {
  /** A worker that joined. */
  public record Worker(String name, String node, int capacity, Instant joinedAt) {
  }

  /** A worker whose node left the cluster mid-run. */
  public record Lost(String name, String node, Instant at) {
  }

  private final Map<String, Worker> workers = new LinkedHashMap<>();
  private final List<Lost> lost = new ArrayList<>();

  /** False when that name already joined (a repeated hello). */
  boolean join(WorkerHello hello) {
    if (workers.containsKey(hello.worker())) {
      return false;
    }
    workers.put(hello.worker(), new Worker(hello.worker(), hello.node(), hello.capacity(), Instant.now()));
    return true;
  }

  /** Marks every worker on {@code node} lost; returns their names. */
  List<String> nodeLeft(String node) {
    List<String> names = new ArrayList<>();
    for (Worker w : workers.values()) {
      if (w.node().equals(node) && lost.stream().noneMatch(l -> l.name().equals(w.name()))) {
        lost.add(new Lost(w.name(), node, Instant.now()));
        names.add(w.name());
      }
    }
    return names;
  }

  boolean isLost(String name) {
    return lost.stream().anyMatch(l -> l.name().equals(name));
  }

  /** Workers that joined and were not lost. */
  int live() {
    return workers.size() - lost.size();
  }

  /** Sessions the live workers run at once, in all. */
  int capacity() {
    return workers.values().stream().filter(w -> !isLost(w.name())).mapToInt(Worker::capacity).sum();
  }

  List<Worker> workers() {
    return List.copyOf(workers.values());
  }

  List<Lost> lost() {
    return List.copyOf(lost);
  }
}
