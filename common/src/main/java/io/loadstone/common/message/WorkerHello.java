package io.loadstone.common.message;

import java.util.Objects;

/**
 * A worker node joining a run (request to {@code Addresses.join(run)}; the answer is a {@link RunSpec}).
 *
 * @param worker   the worker's name, unique in the cluster (it names the worker in the report)
 * @param node     the worker's cluster node id, which the orchestrator's member listener reports when it is lost
 * @param capacity sessions it runs at once
 */
public record WorkerHello(RunId run, String worker, String node, int capacity) {
  public WorkerHello {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(worker, "worker");
    Objects.requireNonNull(node, "node");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: expected >= 1, got " + capacity);
    }
  }
}
