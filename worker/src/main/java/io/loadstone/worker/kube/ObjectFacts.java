package io.loadstone.worker.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Objects;

/**
 * The handler of a session object informer (Deployment, Service, Pod): stamps each notification the instant it
 * arrives, before anything else is done with it, drops resyncs (same resource version), keeps {@link PodEvents} told
 * which pods exist, and passes the change on.
 */
final class ObjectFacts<T extends HasMetadata> implements ResourceEventHandler<T> {
  /** Where a change goes, with the instant it arrived. */
  interface Sink {
    void fact(KubeFact.Kind kind, KubeFact.Change change, HasMetadata object, long observedNanos);
  }

  private final KubeFact.Kind kind;
  private final PodEvents podEvents;
  private final Sink sink;

  ObjectFacts(KubeFact.Kind kind, PodEvents podEvents, Sink sink) {
    this.kind = kind;
    this.podEvents = podEvents;
    this.sink = sink;
  }

  @Override
  public void onAdd(T obj) {
    long observedNanos = System.nanoTime();
    if (kind == KubeFact.Kind.POD && obj.getMetadata() != null) {
      podEvents.podAdded(obj.getMetadata().getName());
    }
    sink.fact(kind, KubeFact.Change.ADDED, obj, observedNanos);
  }

  @Override
  public void onUpdate(T oldObj, T newObj) {
    long observedNanos = System.nanoTime();
    if (oldObj != null && Objects.equals(version(oldObj), version(newObj))) {
      return; // a resync, not a change
    }
    sink.fact(kind, KubeFact.Change.MODIFIED, newObj, observedNanos);
  }

  @Override
  public void onDelete(T obj, boolean deletedFinalStateUnknown) {
    long observedNanos = System.nanoTime();
    if (kind == KubeFact.Kind.POD && obj.getMetadata() != null) {
      podEvents.podDeleted(obj.getMetadata().getName());
    }
    sink.fact(kind, KubeFact.Change.DELETED, obj, observedNanos);
  }

  private static String version(HasMetadata o) {
    return o.getMetadata() == null ? null : o.getMetadata().getResourceVersion();
  }
}
