package io.loadstone.worker.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@value #PER_POD} Events about each session pod, kept while the pod exists: the evidence a pod-not-ready
 * diagnosis quotes. Events are not cached namespace-wide (they outlive their pods by an hour on a real cluster, and
 * other applications' pods have theirs); an Event of a pod the pod informer has not
 * delivered yet (the two watches race) waits among the last {@value #PENDING_PODS} such pods' and is adopted when
 * the pod arrives; Events of a pod that is gone, or never was a session's, are dropped from there in turn. So the
 * memory is bounded by the live session pods. Thread-safe: the Event and Pod informers call in on their own threads.
 */
final class PodEvents {
  static final int PER_POD = 16;
  static final int PENDING_PODS = 256;

  /** One Event, as much as the evidence needs. */
  private record Entry(String name, String resourceVersion, String type, String reason, String message,
                       Integer count) {
  }

  private final Map<String, List<Entry>> tracked = new HashMap<>();
  private final Map<String, List<Entry>> pending = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, List<Entry>> eldest) {
      return size() > PENDING_PODS;
    }
  };

  /** A session pod exists: keep its Events from now on (and those that arrived before it). */
  synchronized void podAdded(String pod) {
    if (!tracked.containsKey(pod)) {
      List<Entry> early = pending.remove(pod);
      tracked.put(Slim.intern(pod), early != null ? early : new ArrayList<>(4));
    }
  }

  /** The pod is gone: its Events are no evidence for anything that is still running. */
  synchronized void podDeleted(String pod) {
    tracked.remove(pod);
    pending.remove(pod);
  }

  /**
   * Records an Event about {@code pod}. Returns ADDED for an Event not seen before, MODIFIED for a new version of one
   * (a repeat counted up), null for a version already recorded (a relist, not a change).
   */
  synchronized KubeFact.Change record(String pod, Event event) {
    ObjectMeta meta = event.getMetadata();
    String name = meta == null ? null : meta.getName();
    String version = meta == null ? null : meta.getResourceVersion();
    List<Entry> entries = tracked.get(pod);
    if (entries == null) {
      entries = pending.computeIfAbsent(Slim.intern(pod), k -> new ArrayList<>(4));
    }
    Entry entry = new Entry(name, version, Slim.intern(event.getType()), Slim.intern(event.getReason()),
        event.getMessage(), event.getCount());
    for (int i = 0; i < entries.size(); i++) {
      Entry old = entries.get(i);
      if (name != null && name.equals(old.name())) {
        if (version != null && version.equals(old.resourceVersion())) {
          return null;
        }
        entries.set(i, entry);
        return KubeFact.Change.MODIFIED;
      }
    }
    if (entries.size() >= PER_POD) {
      entries.remove(0);
    }
    entries.add(entry);
    return KubeFact.Change.ADDED;
  }

  /** The Events kept about {@code pod}, oldest first, as slim Event objects; empty if none. */
  synchronized List<Event> of(String pod, String namespace) {
    List<Entry> entries = tracked.get(pod);
    if (entries == null) {
      entries = pending.getOrDefault(pod, List.of());
    }
    List<Event> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      out.add(Slim.event(namespace, e.name(), e.resourceVersion(), "Pod", pod, e.type(), e.reason(), e.message(),
          e.count()));
    }
    return out;
  }

  /** Pods whose Events are kept, pending ones included (for tests and diagnostics). */
  synchronized int podCount() {
    return tracked.size() + pending.size();
  }

  static boolean isAboutPod(Event event) {
    return event.getInvolvedObject() != null && "Pod".equals(event.getInvolvedObject().getKind())
        && event.getInvolvedObject().getName() != null;
  }
}
