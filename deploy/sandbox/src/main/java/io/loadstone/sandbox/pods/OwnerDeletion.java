package io.loadstone.sandbox.pods;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector's part in deleting an owner that carries a deletion finalizer, as kube-controller-manager
 * does it: {@code foregroundDeletion} deletes the dependents and removes the finalizer once none remains (then
 * the API server removes the owner); {@code orphan} detaches the dependents and removes the finalizer. Other
 * finalizers belong to someone else and are left alone.
 */
final class OwnerDeletion {
  static final String FOREGROUND = "foregroundDeletion";
  static final String ORPHAN = "orphan";
  private static final Logger LOG = LoggerFactory.getLogger(OwnerDeletion.class);

  private final KubeAccess kube;

  OwnerDeletion(KubeAccess kube) {
    this.kube = kube;
  }

  /**
   * One step of deleting {@code owner} (which has a deletionTimestamp).
   *
   * @param dependents    what the cache holds of its dependents
   * @param deleteOne     deletes one dependent (pods gracefully)
   * @param liveRemaining asks the API server whether any dependent remains, before the finalizer goes
   * @return true when the owner is released (finalizer removed or nothing to do), false while it waits
   */
  Future<Boolean> step(HasMetadata owner, List<? extends HasMetadata> dependents,
                       Function<HasMetadata, Future<?>> deleteOne, Supplier<Future<Boolean>> liveRemaining) {
    List<String> finalizers = owner.getMetadata().getFinalizers();
    String what = owner.getKind() + " " + owner.getMetadata().getName();
    if (finalizers != null && finalizers.contains(ORPHAN)) {
      List<Future<?>> detached = new ArrayList<>();
      String uid = owner.getMetadata().getUid();
      dependents.stream().filter(d -> Caches.ownedBy(d, uid)).forEach(d -> detached.add(detach(d, uid)));
      return Future.all(detached).compose(v -> removeFinalizer(owner, ORPHAN)).map(true);
    }
    if (finalizers == null || !finalizers.contains(FOREGROUND)) {
      return Future.succeededFuture(true);
    }
    List<Future<?>> deletes = new ArrayList<>();
    dependents.stream().filter(d -> !Caches.deleting(d)).forEach(d -> deletes.add(deleteOne.apply(d)));
    if (!dependents.isEmpty()) {
      LOG.debug("{}: foreground deletion waits for {} dependents", what, dependents.size());
      return Future.all(deletes).map(false);
    }
    return liveRemaining.get().compose(remaining -> {
      if (remaining) {
        return Future.succeededFuture(false);
      }
      LOG.debug("{}: no dependent left, removing finalizer {}", what, FOREGROUND);
      return removeFinalizer(owner, FOREGROUND).map(true);
    });
  }

  private Future<Void> removeFinalizer(HasMetadata owner, String finalizer) {
    return kube.call(() -> {
      HasMetadata latest = kube.client.resource(owner).inNamespace(kube.namespace).get();
      if (latest == null || latest.getMetadata().getFinalizers() == null
          || !latest.getMetadata().getFinalizers().contains(finalizer)) {
        return null;
      }
      List<String> rest = new ArrayList<>(latest.getMetadata().getFinalizers());
      rest.remove(finalizer);
      latest.getMetadata().setFinalizers(rest);
      // resourceVersion from the fresh read: a concurrent change makes this a 409 and the queue retries.
      return kube.client.resource(latest).inNamespace(kube.namespace).update();
    }).<Void>mapEmpty().recover(e -> KubeAccess.notFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  private Future<Void> detach(HasMetadata dependent, String ownerUid) {
    return kube.call(() -> {
      HasMetadata latest = kube.client.resource(dependent).inNamespace(kube.namespace).get();
      if (latest == null || !Caches.ownedBy(latest, ownerUid)) {
        return null;
      }
      List<OwnerReference> refs = new ArrayList<>(latest.getMetadata().getOwnerReferences());
      refs.removeIf(r -> ownerUid.equals(r.getUid()));
      latest.getMetadata().setOwnerReferences(refs);
      return kube.client.resource(latest).inNamespace(kube.namespace).update();
    }).<Void>mapEmpty().recover(e -> KubeAccess.notFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }
}
