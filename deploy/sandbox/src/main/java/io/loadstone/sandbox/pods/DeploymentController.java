package io.loadstone.sandbox.pods;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Deployment controller: one ReplicaSet per pod template, named {@code <deployment>-<pod-template-hash>},
 * scaled to {@code spec.replicas} (older templates' ReplicaSets scaled to 0), the Deployment's status kept in
 * step, and a Deployment deleted in the foreground released only once its ReplicaSets and their pods are gone.
 * Reacts {@code controllerDelay} after each change. Not thread-safe: runs on the simulator's context.
 */
final class DeploymentController {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);

  private final KubeAccess kube;
  private final Caches caches;
  private final EventRecorder events;
  private final OwnerDeletion ownerDeletion;
  private final WorkQueue queue;
  /** ReplicaSet uid -> its Deployment's name, kept while the Deployment lives, to find pods of a vanished RS. */
  private final Map<String, String> deploymentOfReplicaSet = new HashMap<>();
  /**
   * Deployment uid -> its pod-template-hash at a generation. The template only changes with the spec, and every
   * spec change moves the generation on, so the hash is recomputed only then (it costs a canonical JSON encoding).
   */
  private final Map<String, TemplateHash> templateHashes = new HashMap<>();

  private record TemplateHash(long generation, String hash) {
  }

  DeploymentController(Vertx vertx, KubeAccess kube, Caches caches, EventRecorder events, OwnerDeletion ownerDeletion,
                       long controllerDelayMs) {
    this.kube = kube;
    this.caches = caches;
    this.events = events;
    this.ownerDeletion = ownerDeletion;
    this.queue = new WorkQueue(vertx, "deployment", controllerDelayMs, this::reconcile);
  }

  void enqueue(String name) {
    queue.add(name);
  }

  /** A ReplicaSet changed: its Deployment (if any) reacts. */
  void replicaSetChanged(ReplicaSet rs) {
    Caches.controllerOf(rs).filter(r -> "Deployment".equals(r.getKind())).ifPresent(ref -> {
      deploymentOfReplicaSet.put(rs.getMetadata().getUid(), ref.getName());
      enqueue(ref.getName());
    });
  }

  /** A pod changed or vanished: the Deployment that owns its ReplicaSet may be waiting for it to go. */
  void podChanged(Pod pod) {
    Caches.controllerOf(pod).map(ref -> deploymentOfReplicaSet.get(ref.getUid())).ifPresent(name -> {
      Deployment d = caches.deployment(name);
      if (d != null && Caches.deleting(d)) {
        enqueue(name);
      }
    });
  }

  void deploymentGone(Deployment d) {
    String name = d.getMetadata().getName();
    templateHashes.remove(d.getMetadata().getUid());
    if (caches.deployment(name) == null) {
      deploymentOfReplicaSet.values().removeIf(name::equals);
    }
  }

  /** Starts reconciling; call once every informer has synced. */
  void start() {
    queue.start();
  }

  void close() {
    queue.close();
  }

  private Future<?> reconcile(String name) {
    Deployment d = caches.deployment(name);
    if (d == null) {
      return Future.succeededFuture();
    }
    String uid = d.getMetadata().getUid();
    List<ReplicaSet> owned = caches.replicaSetsOwnedBy(uid);
    if (Caches.deleting(d)) {
      List<HasMetadata> dependents = new ArrayList<>(owned);
      dependents.addAll(podsOfReplicaSetsOf(name));
      return ownerDeletion.step(d, dependents, this::deleteDependent, () -> liveDependentsRemain(d))
          .onSuccess(released -> {
            if (released) {
              LOG.debug("deployment {}: released for deletion", name);
            }
          });
    }
    if (d.getSpec() == null || d.getSpec().getTemplate() == null || d.getSpec().getSelector() == null) {
      // The real API server would have refused it; nothing sensible can be made from it.
      LOG.warn("deployment {}: no selector or pod template, ignored", name);
      return Future.succeededFuture();
    }
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    String hash = templateHash(d);
    String rsName = name + "-" + hash;
    Optional<ReplicaSet> current = owned.stream().filter(rs -> rs.getMetadata().getName().equals(rsName)).findFirst();
    List<Future<?>> work = new ArrayList<>();
    if (current.isEmpty()) {
      ReplicaSet foreign = caches.replicaSet(rsName);
      if (foreign != null && !Caches.deleting(foreign)) {
        LOG.warn("deployment {}: ReplicaSet {} exists and is not ours, not adopting it", name, rsName);
      } else if (foreign == null) {
        work.add(createReplicaSet(d, rsName, hash, desired));
      }
    } else if (!Integer.valueOf(desired).equals(current.get().getSpec().getReplicas())) {
      work.add(scale(d, current.get(), desired));
    }
    owned.stream().filter(rs -> !rs.getMetadata().getName().equals(rsName) && !Caches.deleting(rs))
        .filter(rs -> rs.getSpec().getReplicas() == null || rs.getSpec().getReplicas() > 0)
        .forEach(rs -> work.add(scale(d, rs, 0)));
    return Future.join(work).transform(ar -> DeploymentStatuses.write(kube, d, owned, current.orElse(null), desired)
        .compose(v -> ar.succeeded() ? Future.succeededFuture() : Future.failedFuture(ar.cause())));
  }

  private String templateHash(Deployment d) {
    Long generation = d.getMetadata().getGeneration();
    String uid = d.getMetadata().getUid();
    TemplateHash known = uid == null ? null : templateHashes.get(uid);
    if (generation != null && known != null && known.generation() == generation) {
      return known.hash();
    }
    String hash = PodNames.templateHash(d.getSpec().getTemplate());
    if (generation != null && uid != null) {
      templateHashes.put(uid, new TemplateHash(generation, hash));
    }
    return hash;
  }

  private Future<?> createReplicaSet(Deployment d, String rsName, String hash, int replicas) {
    PodTemplateSpec template = new PodTemplateSpecBuilder(d.getSpec().getTemplate())
        .editOrNewMetadata().addToLabels(PodNames.POD_TEMPLATE_HASH, hash).endMetadata().build();
    LabelSelector selector = new LabelSelectorBuilder(d.getSpec().getSelector())
        .addToMatchLabels(PodNames.POD_TEMPLATE_HASH, hash).build();
    Map<String, String> labels = new LinkedHashMap<>();
    if (d.getSpec().getTemplate().getMetadata() != null && d.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(d.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.put(PodNames.POD_TEMPLATE_HASH, hash);
    ReplicaSet rs = new ReplicaSetBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(rsName).withNamespace(kube.namespace).withLabels(labels)
            .addToAnnotations("deployment.kubernetes.io/desired-replicas", String.valueOf(replicas))
            .addToAnnotations("deployment.kubernetes.io/max-replicas", String.valueOf(replicas + 1))
            .addToAnnotations("deployment.kubernetes.io/revision", "1")
            .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withName(d.getMetadata().getName()).withUid(d.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build())
            .build())
        .withNewSpec().withReplicas(replicas).withSelector(selector).withTemplate(template).endSpec()
        .build();
    return kube.write("POST", kube.collectionPath("apps/v1", "replicasets"), KubeAccess.JSON, rs)
        .onSuccess(created -> {
          LOG.debug("deployment {}: created replicaset {}", d.getMetadata().getName(), rsName);
          events.normal(d, null, EventRecorder.DEPLOYMENT_CONTROLLER, "ScalingReplicaSet",
              "Scaled up replica set " + rsName + " from 0 to " + replicas);
        })
        // 409: the cache had not caught up with our own earlier create; the next pass sees it.
        .recover(e -> KubeAccess.conflict(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  private Future<?> scale(Deployment d, ReplicaSet rs, int replicas) {
    String rsName = rs.getMetadata().getName();
    int from = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    return kube.call(() -> {
      ReplicaSet latest = kube.client.apps().replicaSets().inNamespace(kube.namespace).withName(rsName).get();
      if (latest == null || Caches.deleting(latest)) {
        return null;
      }
      latest.getSpec().setReplicas(replicas);
      return kube.client.apps().replicaSets().inNamespace(kube.namespace).resource(latest).update();
    }).onSuccess(updated -> {
      if (updated != null) {
        LOG.debug("deployment {}: scaled replicaset {} from {} to {}", d.getMetadata().getName(), rsName, from, replicas);
        events.normal(d, null, EventRecorder.DEPLOYMENT_CONTROLLER, "ScalingReplicaSet",
            "Scaled " + (replicas > from ? "up" : "down") + " replica set " + rsName + " from " + from + " to " + replicas);
      }
    });
  }

  /**
   * Deletes a ReplicaSet in the foreground, whose own deletion then deletes its pods, as the garbage collector does. Its
   * pods are waited for, never deleted from here: deleted alongside their ReplicaSet, a pod could be seen deleting by
   * the ReplicaSet controller before the ReplicaSet itself was, and it would make a replacement.
   */
  private Future<?> deleteDependent(HasMetadata dependent) {
    if (dependent instanceof Pod) {
      return Future.succeededFuture();
    }
    String name = dependent.getMetadata().getName();
    return kube.call(() -> kube.client.apps().replicaSets().inNamespace(kube.namespace).withName(name)
            .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete())
        .recover(e -> KubeAccess.notFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  private List<Pod> podsOfReplicaSetsOf(String deployment) {
    List<Pod> pods = new ArrayList<>();
    deploymentOfReplicaSet.forEach((rsUid, name) -> {
      if (name.equals(deployment)) {
        pods.addAll(caches.podsOwnedBy(rsUid));
      }
    });
    return pods;
  }

  private Future<Boolean> liveDependentsRemain(Deployment d) {
    String uid = d.getMetadata().getUid();
    List<String> rsUids = new ArrayList<>();
    deploymentOfReplicaSet.forEach((rsUid, name) -> {
      if (name.equals(d.getMetadata().getName())) {
        rsUids.add(rsUid);
      }
    });
    Map<String, String> labels = d.getSpec().getSelector() == null ? null : d.getSpec().getSelector().getMatchLabels();
    return kube.call(() -> {
      boolean anyRs = (labels == null || labels.isEmpty()
          ? kube.client.apps().replicaSets().inNamespace(kube.namespace).list()
          : kube.client.apps().replicaSets().inNamespace(kube.namespace).withLabels(labels).list())
          .getItems().stream().anyMatch(rs -> {
            if (Caches.ownedBy(rs, uid)) {
              rsUids.add(rs.getMetadata().getUid());
              return true;
            }
            return false;
          });
      if (anyRs) {
        return true;
      }
      return (labels == null || labels.isEmpty()
          ? kube.client.pods().inNamespace(kube.namespace).list()
          : kube.client.pods().inNamespace(kube.namespace).withLabels(labels).list())
          .getItems().stream().anyMatch(p -> rsUids.stream().anyMatch(rsUid -> Caches.ownedBy(p, rsUid)));
    });
  }
}
