package io.loadstone.worker.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.loadstone.worker.kube.KubeFact.Change;
import org.junit.jupiter.api.Test;

/** The per-pod evidence store on its own: what it keeps, for how long, and how it tells a repeat from a relist. */
class PodEventsTest {
  private final PodEvents events = new PodEvents();

  private static Event event(String pod, String name, String version, String reason, int count) {
    return new EventBuilder().withNewMetadata().withName(name).withNamespace("streamspace")
        .withResourceVersion(version).endMetadata()
        .withNewInvolvedObject().withKind("Pod").withName(pod).withNamespace("streamspace").endInvolvedObject()
        .withType("Warning").withReason(reason).withMessage(reason + " on " + pod).withCount(count).build();
  }

  @Test
  void aNewEventIsAddedItsRepeatModifiedAndTheSameVersionAgainIgnored() {
    events.podAdded("p-1");
    assertThat(events.record("p-1", event("p-1", "p-1.a", "10", "BackOff", 1))).isEqualTo(Change.ADDED);
    assertThat(events.record("p-1", event("p-1", "p-1.a", "11", "BackOff", 2))).isEqualTo(Change.MODIFIED);
    assertThat(events.record("p-1", event("p-1", "p-1.a", "11", "BackOff", 2))).isNull();

    assertThat(events.of("p-1", "streamspace")).singleElement().satisfies(e -> {
      assertThat(e.getCount()).isEqualTo(2);
      assertThat(e.getReason()).isEqualTo("BackOff");
      assertThat(e.getMessage()).isEqualTo("BackOff on p-1");
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getInvolvedObject().getName()).isEqualTo("p-1");
      assertThat(e.getInvolvedObject().getKind()).isEqualTo("Pod");
    });
  }

  @Test
  void onlyTheLastEventsOfAPodAreKeptOldestFirst() {
    events.podAdded("p-1");
    for (int i = 0; i < PodEvents.PER_POD + 3; i++) {
      events.record("p-1", event("p-1", "p-1." + i, "v" + i, "R" + i, 1));
    }

    assertThat(events.of("p-1", "streamspace")).hasSize(PodEvents.PER_POD)
        .extracting(Event::getReason).startsWith("R3").endsWith("R" + (PodEvents.PER_POD + 2));
  }

  @Test
  void eventsThatArriveBeforeTheirPodAreAdoptedByIt() {
    events.record("p-1", event("p-1", "p-1.a", "10", "Scheduled", 1));
    events.podAdded("p-1");

    assertThat(events.of("p-1", "streamspace")).extracting(Event::getReason).containsExactly("Scheduled");
  }

  @Test
  void aDeletedPodsEventsAreDropped() {
    events.podAdded("p-1");
    events.record("p-1", event("p-1", "p-1.a", "10", "Started", 1));
    events.podDeleted("p-1");

    assertThat(events.of("p-1", "streamspace")).isEmpty();
    assertThat(events.podCount()).isZero();
  }

  @Test
  void eventsOfPodsThatNeverAppearAreBoundedByTheOldestGoingFirst() {
    for (int i = 0; i < PodEvents.PENDING_PODS + 10; i++) {
      events.record("gone-" + i, event("gone-" + i, "gone-" + i + ".a", "1", "Killing", 1));
    }

    assertThat(events.podCount()).isEqualTo(PodEvents.PENDING_PODS);
    assertThat(events.of("gone-0", "streamspace")).isEmpty();
    assertThat(events.of("gone-" + (PodEvents.PENDING_PODS + 9), "streamspace")).hasSize(1);
  }
}
