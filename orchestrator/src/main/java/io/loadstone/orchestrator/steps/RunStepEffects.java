package io.loadstone.orchestrator.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loadstone.common.plan.step.StepAction;
import io.vertx.core.Future;

/**
 * The effects a run's steps have: sandbox faults through the sandbox's API (embedded sandbox only) and Kubernetes
 * actions (real platform only); the plan's validation already refused a step its target cannot carry out.
 */
public final class RunStepEffects implements StepEffects {
  private final SandboxFaultApi sandbox;
  private final KubeAgentActions kube;

  /** Either may be null: a step needing it then fails with a clear line (validation should have refused it). */
  public RunStepEffects(SandboxFaultApi sandbox, KubeAgentActions kube) {
    this.sandbox = sandbox;
    this.kube = kube;
  }

  @Override
  public Future<String> sandboxFault(ObjectNode spec) {
    return sandbox == null ? Future.failedFuture(new IllegalStateException("sandbox faults need the embedded sandbox"))
        : sandbox.add(spec);
  }

  @Override
  public Future<String> kube(StepAction action) {
    return kube == null ? Future.failedFuture(new IllegalStateException(action.id() + " needs a real platform's "
        + "Kubernetes")) : kube.run(action);
  }

  public Future<Void> close() {
    return Future.join(sandbox == null ? Future.succeededFuture() : sandbox.close(),
        kube == null ? Future.succeededFuture() : kube.close()).mapEmpty();
  }
}
