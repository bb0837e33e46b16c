package io.loadstone.common.message;

import java.util.Objects;

/**
 * Published on {@code Addresses.RUNS} by an orchestrator, about once a second while its run takes workers: any idle
 * worker node that hears it may join with a {@link WorkerHello}.
 *
 * @param orchestratorNode the orchestrator's cluster node id, so a worker notices when it leaves the cluster
 */
public record RunOffer(RunId run, String orchestratorNode) {
  public RunOffer {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(orchestratorNode, "orchestratorNode");
  }
}
