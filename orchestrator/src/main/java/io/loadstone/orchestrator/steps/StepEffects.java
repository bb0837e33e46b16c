package io.loadstone.orchestrator.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loadstone.common.plan.step.StepAction;
import io.vertx.core.Future;

/** Where the steps act outside the run: the sandbox's fault API and the platform's Kubernetes. */
public interface StepEffects {
  /** Switches a sandbox fault on; succeeds with a line saying what the sandbox took (its fault id). */
  Future<String> sandboxFault(ObjectNode spec);

  /** Carries out a Kubernetes agent action; succeeds with a line saying what was done. */
  Future<String> kube(StepAction action);
}
