package io.loadstone.sandbox.pods;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
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
  static final String BY_LABEL = "label";

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
    return Map.of(
        BY_OWNER, o -> o.getMetadata().getOwnerReferences() == null ? List.of()
            : o.getMetadata().getOwnerReferences().stream().map(OwnerReference::getUid).toList(),
        BY_LABEL, o -> o.getMetadata().getLabels() == null ? List.of()
            : o.getMetadata().getLabels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  Deployment deployment(String name) {
    return deployments.getIndexer().getByKey(namespace + "/" + name);
  }

  ReplicaSet replicaSet(String name) {
    return replicaSets.getIndexer().getByKey(namespace + "/" + name);
  }

  Pod pod(String name) {
    return pods.getIndexer().getByKey(namespace + "/" + name);
  }

  List<ReplicaSet> replicaSetsOwnedBy(String uid) {
    return replicaSets.getIndexer().byIndex(BY_OWNER, uid);
  }

  List<Pod> podsOwnedBy(String uid) {
    return pods.getIndexer().byIndex(BY_OWNER, uid);
  }

  /** Pods whose labels match the selector; a null or empty selector matches nothing, as for a Deployment. */
  List<Pod> podsMatching(LabelSelector selector) {
    if (selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()) {
      return selector == null ? List.of()
          : pods.getIndexer().list().stream().filter(p -> matches(selector, p.getMetadata().getLabels())).toList();
    }
    Map.Entry<String, String> first = selector.getMatchLabels().entrySet().iterator().next();
    return pods.getIndexer().byIndex(BY_LABEL, first.getKey() + "=" + first.getValue()).stream()
        .filter(p -> matches(selector, p.getMetadata().getLabels())).toList();
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

  /** Label selector semantics of metav1.LabelSelector: matchLabels and matchExpressions, all must hold. */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> l = labels == null ? Map.of() : labels;
    boolean any = false;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        any = true;
        if (!e.getValue().equals(l.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        any = true;
        String value = l.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean ok = switch (String.valueOf(r.getOperator())) {
          case "In" -> value != null && values.contains(value);
          case "NotIn" -> value == null || !values.contains(value);
          case "Exists" -> l.containsKey(r.getKey());
          case "DoesNotExist" -> !l.containsKey(r.getKey());
          default -> false;
        };
        if (!ok) {
          return false;
        }
      }
    }
    // An empty selector selects nothing for a workload controller (the API server would reject it anyway).
    return any;
  }
}
