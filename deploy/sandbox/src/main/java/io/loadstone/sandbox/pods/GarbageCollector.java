package io.loadstone.sandbox.pods;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes orphans, as the garbage collector does after a background (or any non-foreground) delete: a
 * ReplicaSet or Pod whose owners (Deployment, ReplicaSet) no longer exist is deleted, pods gracefully and
 * ReplicaSets in the background (their pods then become orphans in turn). An owner missing from the cache is
 * confirmed gone with a live read first. Not thread-safe: runs on the simulator's context.
 */
final class GarbageCollector {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
  private static final String RS = "ReplicaSet/";
  private static final String POD = "Pod/";

  private final KubeAccess kube;
  private final Caches caches;
  private final ReplicaSetController replicaSets;
  private final WorkQueue queue;

  GarbageCollector(Vertx vertx, KubeAccess kube, Caches caches, ReplicaSetController replicaSets, long delayMs) {
    this.kube = kube;
    this.caches = caches;
    this.replicaSets = replicaSets;
    this.queue = new WorkQueue(vertx, "garbage-collector", delayMs, this::reconcile);
  }

  /** An owner vanished: look at everything it owned. */
  void ownerGone(String uid) {
    caches.replicaSetsOwnedBy(uid).forEach(rs -> queue.add(RS + rs.getMetadata().getName()));
    caches.podsOwnedBy(uid).forEach(p -> queue.add(POD + p.getMetadata().getName()));
  }

  /** An object appeared or changed: if an owner is missing from the cache, check it. */
  void check(HasMetadata o) {
    if (Caches.deleting(o) || ownerRefs(o).isEmpty()) {
      return;
    }
    if (ownerRefs(o).stream().anyMatch(ref -> !inCache(ref))) {
      queue.add((o.getKind().equals("Pod") ? POD : RS) + o.getMetadata().getName());
    }
  }

  void close() {
    queue.close();
  }

  private Future<?> reconcile(String key) {
    boolean pod = key.startsWith(POD);
    String name = key.substring(pod ? POD.length() : RS.length());
    HasMetadata o = pod ? caches.pod(name) : caches.replicaSet(name);
    if (o == null || Caches.deleting(o)) {
      return Future.succeededFuture();
    }
    List<OwnerReference> refs = ownerRefs(o);
    if (refs.isEmpty() || refs.stream().anyMatch(this::inCache)) {
      return Future.succeededFuture();
    }
    return kube.call(() -> refs.stream().anyMatch(this::existsLive)).<Object>compose(alive -> {
      if (alive) {
        return Future.succeededFuture();
      }
      LOG.debug("{} {}: owner gone, deleting (session {})", o.getKind(), name,
          o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get("session"));
      if (pod) {
        return replicaSets.deletePod(o).map(x -> null);
      }
      return kube.call(() -> kube.client.apps().replicaSets().inNamespace(kube.namespace).withName(name)
              .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete())
          .<Object>map(x -> null).recover(e -> KubeAccess.notFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
    });
  }

  private boolean inCache(OwnerReference ref) {
    HasMetadata owner = "Deployment".equals(ref.getKind()) ? caches.deployment(ref.getName()) : caches.replicaSet(ref.getName());
    return owner != null && ref.getUid().equals(owner.getMetadata().getUid());
  }

  /** Blocking: a live GET of the owner. */
  private boolean existsLive(OwnerReference ref) {
    HasMetadata owner = "Deployment".equals(ref.getKind())
        ? kube.client.apps().deployments().inNamespace(kube.namespace).withName(ref.getName()).get()
        : kube.client.apps().replicaSets().inNamespace(kube.namespace).withName(ref.getName()).get();
    return owner != null && ref.getUid().equals(owner.getMetadata().getUid());
  }

  /** The owner references this collector understands: Deployments and ReplicaSets. */
  private static List<OwnerReference> ownerRefs(HasMetadata o) {
    List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
    return refs == null ? List.of() : refs.stream()
        .filter(r -> r.getUid() != null && r.getName() != null
            && ("Deployment".equals(r.getKind()) || "ReplicaSet".equals(r.getKind())))
        .toList();
  }
}
