package io.loadstone.sandbox.kube;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * DELETE with a real API server's rules.
 * <ul>
 *   <li>An object with finalizers is kept with {@code deletionTimestamp} set (MODIFIED) until an update removes the
 *       last finalizer; then it is removed (DELETED).</li>
 *   <li>{@code propagationPolicy=Foreground} adds the {@code foregroundDeletion} finalizer; the sandbox's garbage
 *       collector (the pod simulator) deletes the dependents and then removes it.</li>
 *   <li>Pods are deleted gracefully: a grace period above 0 (default {@code spec.terminationGracePeriodSeconds},
 *       else 30) sets {@code deletionTimestamp = now + grace} and {@code deletionGracePeriodSeconds} and keeps the
 *       pod; a delete with grace 0 (the kubelet's, after the containers stop) removes it. As in Kubernetes, a pod
 *       not bound to a node, or already Succeeded/Failed, goes at once.</li>
 *   <li>Background and Orphan remove the object at once; dependents stay (the simulator's garbage collector
 *       handles ownerReferences). Simplification: Orphan does not strip the dependents' ownerReferences.</li>
 * </ul>
 * The answer is the object: its last state if removed, its new state if kept.
 */
final class DeleteOperations {

  static final String FOREGROUND_FINALIZER = "foregroundDeletion";

  private final KubeOperations operations;

  DeleteOperations(KubeOperations operations) {
    this.operations = operations;
  }

  JsonObject delete(ResourceKind kind, String namespace, String name, DeleteOptions options) {
    JsonObject existing = operations.get(kind, namespace, name);
    checkPreconditions(kind, existing, options);
    return deleteExisting(kind, existing, options);
  }

  /** DELETE on a collection: deletes every matching object with the same options, answers them as a list. */
  JsonObject deleteCollection(ResourceKind kind, ObjectFilter filter, DeleteOptions options) {
    JsonArray items = new JsonArray();
    for (JsonObject object : operations.store().list(kind, filter)) {
      items.add(deleteExisting(kind, object, options));
    }
    return new JsonObject().put("kind", kind.listKind()).put("apiVersion", kind.apiVersion())
        .put("metadata", new JsonObject().put("resourceVersion",
            Long.toString(operations.store().resourceVersion())))
        .put("items", items);
  }

  private JsonObject deleteExisting(ResourceKind kind, JsonObject existing, DeleteOptions options) {
    KubeStore store = operations.store();
    JsonArray finalizers = KubeObjects.finalizers(existing).copy();
    if (options.foreground() && !finalizers.contains(FOREGROUND_FINALIZER)) {
      finalizers.add(FOREGROUND_FINALIZER);
    }
    long grace = kind.isPod() ? podGrace(existing, options) : 0;
    if (finalizers.isEmpty() && grace == 0) {
      return store.commit(StoredEvent.DELETED, kind, existing.copy(), existing);
    }
    JsonObject next = existing.copy();
    JsonObject metadata = KubeObjects.metadata(next);
    Long current = metadata.getLong("deletionGracePeriodSeconds");
    if (!KubeObjects.isTerminating(existing) || (current != null && grace < current)) {
      // A second delete may only shorten a running grace period, never extend it.
      metadata.put("deletionTimestamp", KubeObjects.timestamp(Instant.now().plusSeconds(grace)));
      metadata.put("deletionGracePeriodSeconds", grace);
    }
    if (!finalizers.isEmpty()) {
      metadata.put("finalizers", finalizers);
    }
    if (KubeOperations.readyToRemove(next)) {
      return store.commit(StoredEvent.DELETED, kind, next, existing);
    }
    if (next.equals(existing)) {
      return existing;
    }
    return store.commit(StoredEvent.MODIFIED, kind, next, existing);
  }

  private static long podGrace(JsonObject pod, DeleteOptions options) {
    JsonObject spec = pod.getJsonObject("spec", new JsonObject());
    JsonObject status = pod.getJsonObject("status", new JsonObject());
    String nodeName = spec.getString("nodeName");
    String phase = status.getString("phase");
    if (nodeName == null || nodeName.isEmpty() || "Succeeded".equals(phase) || "Failed".equals(phase)) {
      return 0;
    }
    Long grace = options.gracePeriodSeconds();
    if (grace == null) {
      grace = spec.getLong("terminationGracePeriodSeconds", 30L);
    }
    // Kubernetes turns a negative grace period into 1 second.
    return grace < 0 ? 1 : grace;
  }

  private static void checkPreconditions(ResourceKind kind, JsonObject existing, DeleteOptions options) {
    String name = KubeObjects.name(existing);
    JsonObject metadata = existing.getJsonObject("metadata");
    if (options.preconditionUid() != null && !options.preconditionUid().equals(metadata.getString("uid"))) {
      throw KubeApiException.conflict(kind, name, "Precondition failed: UID in precondition: "
          + options.preconditionUid() + ", UID in object meta: " + metadata.getString("uid"));
    }
    if (options.preconditionVersion() != null
        && !options.preconditionVersion().equals(metadata.getString("resourceVersion"))) {
      throw KubeApiException.conflict(kind, name, "Precondition failed: ResourceVersion in precondition: "
          + options.preconditionVersion() + ", ResourceVersion in object meta: "
          + metadata.getString("resourceVersion"));
    }
  }
}
