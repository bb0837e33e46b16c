package io.loadstone.sandbox.pods;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ReplicaSet controller: keeps as many live pods as {@code spec.replicas}, creating pods from the template
 * (bound to the sandbox node, owned by the ReplicaSet) and deleting surplus ones gracefully, and keeps the
 * ReplicaSet's status counts in step with its pods. Pods it has created but not yet seen in the cache are
 * counted ("expectations", as in Kubernetes), so a lagging cache never makes it create twice.
 * Not thread-safe: runs on the simulator's context.
 */
final class ReplicaSetController {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaSetController.class);
  private static final long EXPECTATION_TTL_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final KubeAccess kube;
  private final Caches caches;
  private final EventRecorder events;
  private final OwnerDeletion ownerDeletion;
  private final Random random;
  private final WorkQueue queue;
  /** ReplicaSet uid -> pod name -> when we created it, until the cache shows it. */
  private final Map<String, Map<String, Long>> expectedPods = new HashMap<>();
  /** Pods we asked to delete, until the cache shows them deleting or gone. */
  private final Set<String> deleteRequested = new HashSet<>();
  /**
   * ReplicaSet uid -> the status we last wrote. The cache can lag behind our own write, and a reconcile in that
   * window would write the same status again: a request that changes nothing.
   */
  private final Map<String, ReplicaSetStatus> writtenStatus = new HashMap<>();

  ReplicaSetController(Vertx vertx, KubeAccess kube, Caches caches, EventRecorder events, OwnerDeletion ownerDeletion,
                       Random random) {
    this.kube = kube;
    this.caches = caches;
    this.events = events;
    this.ownerDeletion = ownerDeletion;
    this.random = random;
    this.queue = new WorkQueue(vertx, "replicaset", 0, this::reconcile);
  }

  void enqueue(String name) {
    queue.add(name);
  }

  /** A pod appeared or changed in the cache: expectations about it are met. */
  void podSeen(Pod pod) {
    Caches.controllerOf(pod).ifPresent(ref -> {
      Map<String, Long> expected = expectedPods.get(ref.getUid());
      if (expected != null) {
        expected.remove(pod.getMetadata().getName());
      }
    });
    if (Caches.deleting(pod)) {
      deleteRequested.remove(pod.getMetadata().getName());
    }
  }

  void podGone(Pod pod) {
    deleteRequested.remove(pod.getMetadata().getName());
  }

  void replicaSetGone(ReplicaSet rs) {
    expectedPods.remove(rs.getMetadata().getUid());
    writtenStatus.remove(rs.getMetadata().getUid());
  }

  /** Starts reconciling; call once every informer has synced. */
  void start() {
    queue.start();
  }

  void close() {
    queue.close();
  }

  private Future<?> reconcile(String name) {
    ReplicaSet rs = caches.replicaSet(name);
    if (rs == null) {
      return Future.succeededFuture();
    }
    String uid = rs.getMetadata().getUid();
    List<Pod> owned = caches.podsOwnedBy(uid);
    if (Caches.deleting(rs)) {
      return ownerDeletion.step(rs, owned, this::deletePod, () -> livePodsRemain(rs));
    }
    if (rs.getSpec() == null || rs.getSpec().getTemplate() == null) {
      LOG.warn("replicaset {}: no pod template, ignored", name);
      return Future.succeededFuture();
    }
    List<Pod> active = owned.stream().filter(p -> !Caches.deleting(p) && !finished(p)
        && !deleteRequested.contains(p.getMetadata().getName())).toList();
    int expected = pendingCreates(uid, owned);
    int desired = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    int diff = desired - active.size() - expected;
    List<Future<?>> work = new ArrayList<>();
    for (int i = 0; i < diff; i++) {
      work.add(createPod(rs));
    }
    if (diff < 0) {
      // Like the real controller: not-ready pods go first, then the youngest.
      active.stream().sorted(Comparator.comparing((Pod p) -> isReady(p))
              .thenComparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp()), Comparator.reverseOrder()))
          .limit(-diff).forEach(p -> work.add(deletePod(p).onSuccess(v -> events.normal(rs, null,
              EventRecorder.REPLICASET_CONTROLLER, "SuccessfulDelete", "Deleted pod: " + p.getMetadata().getName()))));
    }
    return Future.join(work).transform(ar -> writeStatus(rs, active).compose(v ->
        ar.succeeded() ? Future.succeededFuture() : Future.failedFuture(ar.cause())));
  }

  private int pendingCreates(String rsUid, List<Pod> owned) {
    Map<String, Long> expected = expectedPods.get(rsUid);
    if (expected == null) {
      return 0;
    }
    long now = System.nanoTime();
    Set<String> seen = new HashSet<>();
    owned.forEach(p -> seen.add(p.getMetadata().getName()));
    expected.entrySet().removeIf(e -> seen.contains(e.getKey()) || now - e.getValue() > EXPECTATION_TTL_NANOS);
    if (expected.isEmpty()) {
      expectedPods.remove(rsUid);
      return 0;
    }
    return expected.size();
  }

  private Future<?> createPod(ReplicaSet rs) {
    String name = rs.getMetadata().getName() + "-" + PodNames.randomSuffix(random);
    Pod pod = podFor(rs, name);
    String uid = rs.getMetadata().getUid();
    expectedPods.computeIfAbsent(uid, k -> new LinkedHashMap<>()).put(name, System.nanoTime());
    return kube.write("POST", kube.collectionPath("v1", "pods"), KubeAccess.JSON, pod)
        .onSuccess(created -> {
          LOG.debug("replicaset {}: created pod {} (session {})", rs.getMetadata().getName(), name,
              Kubelet.label(pod, "session"));
          events.normal(rs, null, EventRecorder.REPLICASET_CONTROLLER, "SuccessfulCreate", "Created pod: " + name);
        })
        .onFailure(e -> {
          Map<String, Long> expected = expectedPods.get(uid);
          if (expected != null) {
            expected.remove(name);
          }
          LOG.debug("replicaset {}: create pod {} failed: {}", rs.getMetadata().getName(), name, KubeAccess.describe(e));
        });
  }

  private Pod podFor(ReplicaSet rs, String name) {
    PodTemplateSpec template = rs.getSpec().getTemplate();
    PodSpec spec = new PodSpecBuilder(template.getSpec()).withNodeName(KubeAccess.NODE_NAME).build();
    // The API server's defaults, which the sandbox's server does not apply itself.
    if (spec.getRestartPolicy() == null) {
      spec.setRestartPolicy("Always");
    }
    if (spec.getTerminationGracePeriodSeconds() == null) {
      spec.setTerminationGracePeriodSeconds(30L);
    }
    if (spec.getDnsPolicy() == null) {
      spec.setDnsPolicy("ClusterFirst");
    }
    if (spec.getSchedulerName() == null) {
      spec.setSchedulerName("default-scheduler");
    }
    return new PodBuilder()
        .withNewMetadata().withName(name).withGenerateName(rs.getMetadata().getName() + "-")
        .withNamespace(kube.namespace)
        .withLabels(template.getMetadata() == null ? null : template.getMetadata().getLabels())
        .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
            .withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid())
            .withController(true).withBlockOwnerDeletion(true).build())
        .endMetadata()
        .withSpec(spec)
        .withNewStatus().withPhase("Pending").withQosClass(PodStatuses.qosClass(spec.getContainers())).endStatus()
        .build();
  }

  /** Graceful delete, as a controller does it: the kubelet finishes the pod after its grace. */
  Future<?> deletePod(HasMetadata pod) {
    String name = pod.getMetadata().getName();
    deleteRequested.add(name);
    long grace = pod instanceof Pod p && p.getSpec() != null && p.getSpec().getTerminationGracePeriodSeconds() != null
        ? Math.max(1, p.getSpec().getTerminationGracePeriodSeconds()) : 30;
    return kube.call(() -> kube.client.pods().inNamespace(kube.namespace).withName(name).withGracePeriod(grace).delete())
        .recover(e -> {
          deleteRequested.remove(name);
          return KubeAccess.notFound(e) ? Future.succeededFuture() : Future.failedFuture(e);
        });
  }

  private Future<Boolean> livePodsRemain(ReplicaSet rs) {
    String uid = rs.getMetadata().getUid();
    Map<String, String> labels = rs.getSpec().getSelector() == null ? null : rs.getSpec().getSelector().getMatchLabels();
    return kube.call(() -> (labels == null || labels.isEmpty()
        ? kube.client.pods().inNamespace(kube.namespace).list()
        : kube.client.pods().inNamespace(kube.namespace).withLabels(labels).list())
        .getItems().stream().anyMatch(p -> Caches.ownedBy(p, uid)));
  }

  private Future<Void> writeStatus(ReplicaSet rs, List<Pod> active) {
    int ready = (int) active.stream().filter(ReplicaSetController::isReady).count();
    // Zero counts are written as 0, not omitted as Kubernetes does: a merge patch cannot clear an omitted field.
    ReplicaSetStatus status = new ReplicaSetStatusBuilder()
        .withReplicas(active.size())
        .withFullyLabeledReplicas(active.size())
        .withReadyReplicas(ready)
        .withAvailableReplicas(ready)
        .withObservedGeneration(rs.getMetadata().getGeneration())
        .build();
    String uid = rs.getMetadata().getUid();
    if (sameCounts(rs.getStatus(), status) || sameCounts(writtenStatus.get(uid), status)) {
      return Future.succeededFuture();
    }
    ReplicaSet patch = new ReplicaSetBuilder().withNewMetadata().withName(rs.getMetadata().getName())
        .withNamespace(kube.namespace).endMetadata().withStatus(status).build();
    writtenStatus.put(uid, status);
    return kube.write("PATCH", kube.collectionPath("apps/v1", "replicasets") + "/" + rs.getMetadata().getName()
            + "/status", KubeAccess.MERGE_PATCH, patch)
        .onFailure(e -> writtenStatus.remove(uid, status))
        .recover(e -> KubeAccess.notFound(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  private static boolean sameCounts(ReplicaSetStatus current, ReplicaSetStatus status) {
    return current != null && Objects.equals(current.getReplicas(), status.getReplicas())
        && Objects.equals(current.getFullyLabeledReplicas(), status.getFullyLabeledReplicas())
        && Objects.equals(current.getReadyReplicas(), status.getReadyReplicas())
        && Objects.equals(current.getAvailableReplicas(), status.getAvailableReplicas())
        && Objects.equals(current.getObservedGeneration(), status.getObservedGeneration());
  }

  static boolean isReady(Pod p) {
    return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean finished(Pod p) {
    return p.getStatus() != null && ("Succeeded".equals(p.getStatus().getPhase()) || "Failed".equals(p.getStatus().getPhase()));
  }
}
