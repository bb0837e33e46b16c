package io.loadstone.orchestrator.steps;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.loadstone.common.plan.step.StepAction;
import io.loadstone.worker.kube.KubeConfigs;
import io.loadstone.worker.kube.KubeTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * The Kubernetes steps against a real platform's agents, through fabric8 (its blocking calls on a worker thread):
 * delete the agent pods matching a selector, scale the agent Deployment, or restart it as
 * {@code kubectl rollout restart} does. Each succeeds with what it did, and fails when there was nothing to act on,
 * so a plan naming the wrong selector or Deployment says so instead of passing.
 */
public final class KubeAgentActions {
  private final Vertx vertx;
  private final KubeTarget target;
  private KubernetesClient client;

  public KubeAgentActions(Vertx vertx, KubeTarget target) {
    this.vertx = vertx;
    this.target = target;
  }

  public Future<String> run(StepAction action) {
    return vertx.executeBlocking(() -> blocking(action), false);
  }

  private synchronized KubernetesClient client() {
    if (client == null) {
      client = KubeConfigs.client(vertx, target);
    }
    return client;
  }

  private String blocking(StepAction action) {
    KubernetesClient k = client();
    if (action instanceof StepAction.DeleteAgentPod d) {
      String ns = namespace(k, d.namespace());
      // pods already going are not what the step means to kill
      List<Pod> pods = k.pods().inNamespace(ns).withLabelSelector(d.selector()).list().getItems().stream()
          .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
      if (pods.isEmpty()) {
        throw new IllegalStateException("no pod matches " + d.selector() + " in namespace " + ns);
      }
      pods.forEach(p -> k.pods().inNamespace(ns).withName(p.getMetadata().getName()).delete());
      return "deleted " + String.join(", ", pods.stream().map(p -> p.getMetadata().getName()).toList());
    }
    if (action instanceof StepAction.ScaleAgent s) {
      String ns = namespace(k, s.namespace());
      var deployment = k.apps().deployments().inNamespace(ns).withName(s.deployment());
      if (deployment.get() == null) {
        throw new IllegalStateException("no Deployment " + s.deployment() + " in namespace " + ns);
      }
      deployment.scale(s.replicas());
      return "scaled Deployment " + ns + "/" + s.deployment() + " to " + s.replicas();
    }
    if (action instanceof StepAction.RestartAgent r) {
      String ns = namespace(k, r.namespace());
      var deployment = k.apps().deployments().inNamespace(ns).withName(r.deployment());
      if (deployment.get() == null) {
        throw new IllegalStateException("no Deployment " + r.deployment() + " in namespace " + ns);
      }
      deployment.rolling().restart();
      return "restarted Deployment " + ns + "/" + r.deployment() + " (rollout)";
    }
    throw new IllegalArgumentException("not a Kubernetes step: " + action.id());
  }

  private static String namespace(KubernetesClient k, String asked) {
    return asked != null ? asked : k.getNamespace() != null ? k.getNamespace() : "default";
  }

  public synchronized Future<Void> close() {
    if (client != null) {
      client.close();
    }
    return Future.succeededFuture();
  }
}
