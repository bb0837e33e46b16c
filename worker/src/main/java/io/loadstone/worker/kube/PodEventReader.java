package io.loadstone.worker.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;

/** Reads one pod's Events with a single list call, for evidence: the last {@value PodEvents#PER_POD}, oldest first. */
final class PodEventReader {
  private PodEventReader() {
  }

  /** Blocks: call it on a worker thread. */
  static List<Event> read(KubernetesClient client, String namespace, String pod) {
    List<Event> items = client.v1().events().inNamespace(namespace).withField("involvedObject.kind", "Pod")
        .withField("involvedObject.name", pod).list().getItems();
    return items.stream().sorted(Comparator.comparing(PodEventReader::time))
        .skip(Math.max(0, items.size() - PodEvents.PER_POD)).map(Slim::event).toList();
  }

  private static String time(Event e) {
    // RFC 3339 in UTC sorts as text; an Event without times sorts first
    String t = e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getEventTime() != null
        ? e.getEventTime().getTime() : e.getFirstTimestamp();
    return t == null ? "" : t;
  }
}
