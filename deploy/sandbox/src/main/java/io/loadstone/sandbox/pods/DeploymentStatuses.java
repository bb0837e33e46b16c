package io.loadstone.sandbox.pods;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Deployment's status as the deployment controller computes it from its ReplicaSets: counts, observed
 * generation, and the conditions Available and Progressing with the controller's reasons. Written through the
 * status subresource only when something other than a timestamp changed, so a relist causes no write.
 */
final class DeploymentStatuses {
  private DeploymentStatuses() {
  }

  static Future<Void> write(KubeAccess kube, Deployment d, List<ReplicaSet> owned, ReplicaSet current, int desired) {
    int replicas = 0;
    int ready = 0;
    int available = 0;
    for (ReplicaSet rs : owned) {
      if (rs.getStatus() != null) {
        replicas += value(rs.getStatus().getReplicas());
        ready += value(rs.getStatus().getReadyReplicas());
        available += value(rs.getStatus().getAvailableReplicas());
      }
    }
    int updated = current == null || current.getStatus() == null ? 0 : value(current.getStatus().getReplicas());
    // maxUnavailable defaults to 25%, rounded down: 0 for a one-replica session Deployment.
    boolean minimumAvailable = available >= desired - desired / 4;
    String rsName = current == null ? null : current.getMetadata().getName();
    boolean progressed = current != null && updated == desired && value(current.getStatus() == null ? null
        : current.getStatus().getAvailableReplicas()) == desired && replicas == desired;
    String progressReason;
    String progressMessage;
    if (rsName == null) {
      progressReason = "NewReplicaSetCreated";
      progressMessage = "Creating a new replica set";
    } else if (progressed) {
      progressReason = "NewReplicaSetAvailable";
      progressMessage = "ReplicaSet \"" + rsName + "\" has successfully progressed.";
    } else {
      progressReason = "ReplicaSetUpdated";
      progressMessage = "ReplicaSet \"" + rsName + "\" is progressing.";
    }
    DeploymentStatus old = d.getStatus();
    String now = KubeAccess.now();
    DeploymentCondition availableCondition = condition(old, "Available", minimumAvailable ? "True" : "False",
        minimumAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
        minimumAvailable ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
        now);
    DeploymentCondition progressingCondition = condition(old, "Progressing", "True", progressReason, progressMessage, now);
    // Zero counts are written as 0 (Kubernetes omits them): a merge patch cannot clear an omitted field.
    DeploymentStatus status = new DeploymentStatusBuilder()
        .withObservedGeneration(d.getMetadata().getGeneration())
        .withReplicas(replicas).withUpdatedReplicas(updated).withReadyReplicas(ready).withAvailableReplicas(available)
        .withUnavailableReplicas(Math.max(0, desired - available))
        .withConditions(availableCondition, progressingCondition)
        .build();
    if (sameIgnoringTimes(old, status)) {
      return Future.succeededFuture();
    }
    Deployment patch = new DeploymentBuilder().withNewMetadata().withName(d.getMetadata().getName())
        .withNamespace(kube.namespace).endMetadata().withStatus(status).build();
    return kube.write("PATCH", kube.collectionPath("apps/v1", "deployments") + "/" + d.getMetadata().getName()
            + "/status", KubeAccess.MERGE_PATCH, patch)
        .recover(e -> KubeAccess.notFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /** The condition, keeping lastTransitionTime while its status holds and lastUpdateTime while nothing changes. */
  private static DeploymentCondition condition(DeploymentStatus old, String type, String status, String reason,
                                               String message, String now) {
    Optional<DeploymentCondition> before = old == null || old.getConditions() == null ? Optional.empty()
        : old.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    String transition = before.filter(c -> status.equals(c.getStatus())).map(DeploymentCondition::getLastTransitionTime)
        .orElse(now);
    String update = before.filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason())
        && message.equals(c.getMessage())).map(DeploymentCondition::getLastUpdateTime).orElse(now);
    return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(transition).withLastUpdateTime(update).build();
  }

  private static boolean sameIgnoringTimes(DeploymentStatus old, DeploymentStatus now) {
    if (old == null || old.getConditions() == null || old.getConditions().size() != now.getConditions().size()) {
      return false;
    }
    for (int i = 0; i < now.getConditions().size(); i++) {
      DeploymentCondition a = old.getConditions().get(i);
      DeploymentCondition b = now.getConditions().get(i);
      if (!Objects.equals(a.getType(), b.getType()) || !Objects.equals(a.getStatus(), b.getStatus())
          || !Objects.equals(a.getReason(), b.getReason()) || !Objects.equals(a.getMessage(), b.getMessage())) {
        return false;
      }
    }
    return Objects.equals(old.getObservedGeneration(), now.getObservedGeneration())
        && Objects.equals(old.getReplicas(), now.getReplicas())
        && Objects.equals(old.getUpdatedReplicas(), now.getUpdatedReplicas())
        && Objects.equals(old.getReadyReplicas(), now.getReadyReplicas())
        && Objects.equals(old.getAvailableReplicas(), now.getAvailableReplicas())
        && Objects.equals(old.getUnavailableReplicas(), now.getUnavailableReplicas());
  }

  private static int value(Integer n) {
    return n == null ? 0 : n;
  }
}
