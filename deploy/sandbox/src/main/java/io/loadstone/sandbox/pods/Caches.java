package io.loadstone.sandbox.pods;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Read access to the informers' caches of Deployments, ReplicaSets and Pods of the simulator's namespace,
 * with indexes by owner uid and by label. The caches may lag behind the API server (and behind our own
 * writes): controllers treat them as a hint and confirm with a live read before anything irreversible.
 * Thread-safe (fabric8's indexers are).
 */
final class Caches {
  static final String BY_OWNER = "owner";

  final SharedIndexInformer<Deployment> deployments;
  final SharedIndexInformer<ReplicaSet> replicaSets;
  final SharedIndexInformer<Pod> pods;
  private final String namespace;

  Caches(String namespace, SharedIndexInformer<Deployment> deployments, SharedIndexInformer<ReplicaSet> replicaSets,
         SharedIndexInformer<Pod> pods) {
    this.namespace = namespace;
    this.deployments = deployments;
    this.replicaSets = replicaSets;
    this.pods = pods;
  }

  /** Index functions to install on each informer before it starts. */
  static <T extends HasMetadata> Map<String, Function<T, List<String>>> indexers() {
    return Map.of(BY_OWNER, o -> o.getMetadata().getOwnerReferences() == null ? List.of()
        : o.getMetadata().getOwnerReferences().stream().map(OwnerReference::getUid).toList());
  }

  Deployment deployment(String name) {
    return ofKind(deployments.getIndexer().getByKey(namespace + "/" + name), "Deployment");
  }

  ReplicaSet replicaSet(String name) {
    return ofKind(replicaSets.getIndexer().getByKey(namespace + "/" + name), "ReplicaSet");
  }

  Pod pod(String name) {
    return ofKind(pods.getIndexer().getByKey(namespace + "/" + name), "Pod");
  }

  List<ReplicaSet> replicaSetsOwnedBy(String uid) {
    return replicaSets.getIndexer().byIndex(BY_OWNER, uid).stream().filter(o -> isKind(o, "ReplicaSet")).toList();
  }

  List<Pod> podsOwnedBy(String uid) {
    return pods.getIndexer().byIndex(BY_OWNER, uid).stream().filter(o -> isKind(o, "Pod")).toList();
  }

  /**
   * Whether a cached object really is of the informer's kind. A watch that delivers another kind's object is
   * decoded into the informer's class anyway; its {@code kind} field still tells, and such objects are ignored.
   */
  static boolean isKind(HasMetadata o, String kind) {
    return o != null && (o.getKind() == null || kind.equals(o.getKind()));
  }

  private static <T extends HasMetadata> T ofKind(T o, String kind) {
    return isKind(o, kind) ? o : null;
  }

  /** The controller owner reference, if any (at most one reference has controller=true). */
  static Optional<OwnerReference> controllerOf(HasMetadata o) {
    List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
    return refs == null ? Optional.empty() : refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
  }

  static boolean ownedBy(HasMetadata o, String uid) {
    List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
    return refs != null && refs.stream().anyMatch(r -> uid.equals(r.getUid()));
  }

  static boolean deleting(HasMetadata o) {
    return o.getMetadata().getDeletionTimestamp() != null;
  }
}
