package io.loadstone.worker.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/**
 * The Event informer's handler. Every listed or watched Event arrives as an add ({@link UncachedStore});
 * {@link PodEvents} tells a pod's new Event from a repeat of one it keeps. Listed ones (at start, or on a relist after
 * a broken watch) are kept as evidence but are no facts: they are the namespace's history (every earlier session's),
 * and nothing waits on an Event fact.
 */
final class EventFacts implements ResourceEventHandler<Event> {
  /** Where a new Event goes as a fact, with the instant it arrived. */
  interface Sink {
    void fact(KubeFact.Change change, Event event, long observedNanos);
  }

  private final PodEvents podEvents;
  private final Sink sink;
  /** only touched on the informer's one notification thread, where list brackets and adds come in order */
  private boolean listing;

  EventFacts(PodEvents podEvents, Sink sink) {
    this.podEvents = podEvents;
    this.sink = sink;
  }

  @Override
  public void onBeforeList(String resourceVersion) {
    listing = true;
  }

  @Override
  public void onList(String resourceVersion, boolean watchListFinished) {
    listing = false;
  }

  @Override
  public void onAdd(Event event) {
    long observedNanos = System.nanoTime();
    KubeFact.Change change = KubeFact.Change.ADDED;
    if (PodEvents.isAboutPod(event)) {
      change = podEvents.record(event.getInvolvedObject().getName(), event);
      if (change == null) {
        return; // a version already seen: a relist, not a change
      }
    }
    if (!listing) {
      sink.fact(change, event, observedNanos);
    }
  }

  @Override
  public void onUpdate(Event oldEvent, Event newEvent) {
    onAdd(newEvent);
  }

  @Override
  public void onDelete(Event event, boolean deletedFinalStateUnknown) {
    // an Event expiring says nothing about a session
  }
}
