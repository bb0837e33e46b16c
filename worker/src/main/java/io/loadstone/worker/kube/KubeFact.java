package io.loadstone.worker.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One change of one Kubernetes object of a session, as an informer delivered it. {@code observedNanos} is the
 * {@code System.nanoTime()} taken on the informer's thread when the change arrived, before anything else was done
 * with it. {@code object} is the object after the change (for DELETED, its last known state), as a read-only
 * {@link Slim} copy: the fields Loadstone reads, no more. Events are not cached: an Event about anything but a
 * session pod comes as ADDED at each change, and none comes as DELETED.
 */
public record KubeFact(Kind kind, Change change, String sessionId, String name, HasMetadata object,
                       long observedNanos) {

  /** The kinds a {@link KubeObserver} watches, one informer each. */
  public enum Kind {
    DEPLOYMENT("Deployment"),
    SERVICE("Service"),
    POD("Pod"),
    PVC("PersistentVolumeClaim"),
    EVENT("Event"),
    SESSION_CR("Session");

    private final String apiKind;

    Kind(String apiKind) {
      this.apiKind = apiKind;
    }

    /** The object's {@code kind} field, e.g. {@code PersistentVolumeClaim}. */
    public String apiKind() {
      return apiKind;
    }
  }

  public enum Change { ADDED, MODIFIED, DELETED }
}
