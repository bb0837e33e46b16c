package io.loadstone.sandbox.pods;

import static io.loadstone.sandbox.pods.SimulatorFixture.NAMESPACE;
import static io.loadstone.sandbox.pods.SimulatorFixture.await;
import static io.loadstone.sandbox.pods.SimulatorFixture.newSessionId;
import static io.loadstone.sandbox.pods.SimulatorFixture.next;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.loadstone.sandbox.config.Distribution;
import io.loadstone.sandbox.fault.ActiveFault;
import io.loadstone.sandbox.fault.FaultKind;
import io.loadstone.sandbox.fault.FaultSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PodSimulatorFaultsTest {
  private static SimulatorFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new SimulatorFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  private static ActiveFault fault(FaultKind kind, String session, Duration delay) {
    return fx.faults.add(new FaultSpec(kind, null, null, null, List.of(session),
        delay == null ? null : Distribution.fixed(delay), null, null, null, null));
  }

  @Test
  void slowPodsFaultReplacesTheReadyDelayAndIsRecorded() throws Exception {
    String id = newSessionId();
    ActiveFault fault = fault(FaultKind.SLOW_PODS, id, Duration.ofMillis(1200));
    BlockingQueue<SimulatorFixture.Seen> seen = SimulatorFixture.queue();
    try (Watch watch = fx.watchPods(id, seen)) {
      fx.create(id);
      SimulatorFixture.Seen added = next(seen, s -> s.action() == Watcher.Action.ADDED);
      SimulatorFixture.Seen ready = next(seen, s -> ReplicaSetController.isReady(s.pod()));
      assertThat(TimeUnit.NANOSECONDS.toMillis(ready.nanos() - added.nanos())).isGreaterThanOrEqualTo(1150);
    } finally {
      fx.faults.remove(fault.id());
    }
    assertThat(fx.truth.find(id).orElseThrow().faultKinds()).containsExactly("slow-pods");
    fx.client.apps().deployments().inNamespace(NAMESPACE).withName(id).delete();
  }

  @Test
  void podNeverReadyStaysContainerCreatingAndKeepsWarning() {
    String id = newSessionId();
    ActiveFault fault = fault(FaultKind.POD_NEVER_READY, id, null);
    try {
      fx.create(id);
      await().until(() -> fx.pods(id).size() == 1);
      String podName = fx.pods(id).get(0).getMetadata().getName();
      // The warning repeats at least once a second or so (count goes up): the pull is still "going on".
      await().untilAsserted(() -> assertThat(fx.eventsOf(podName)).anySatisfy(e -> {
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getReason()).isEqualTo("Failed");
        assertThat(e.getCount()).isGreaterThanOrEqualTo(2);
      }));
      Pod pod = fx.pods(id).get(0);
      assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
      assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
          .isEqualTo("ContainerCreating");
      assertThat(pod.getStatus().getPodIP()).isNull();
      assertThat(fx.eventsOf(podName).stream().map(Event::getReason)).contains("Pulling").doesNotContain("Pulled", "Started");
      assertThat(fx.deployment(id).getStatus().getReadyReplicas()).isIn(0, null);
      assertThat(fx.truth.find(id).orElseThrow().faultKinds()).containsExactly("pod-never-ready");
    } finally {
      fx.faults.remove(fault.id());
    }
    fx.client.apps().deployments().inNamespace(NAMESPACE).withName(id)
        .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
    await().until(() -> fx.deployment(id) == null && fx.pods(id).isEmpty());
  }

  @Test
  void slowDeleteFaultKeepsTheDeletedPodAndItsVncForTheFaultDelay() throws Exception {
    String id = newSessionId();
    ActiveFault fault = fault(FaultKind.SLOW_DELETE, id, Duration.ofMillis(1000));
    try {
      fx.create(id);
      Pod pod = fx.awaitReadyPod(id);
      BlockingQueue<SimulatorFixture.Seen> seen = SimulatorFixture.queue();
      try (Watch watch = fx.watchPods(id, seen)) {
        fx.client.apps().deployments().inNamespace(NAMESPACE).withName(id)
            .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        SimulatorFixture.Seen terminating = next(seen, s -> s.pod().getMetadata().getDeletionTimestamp() != null);
        // During the grace the container still runs, as in Kubernetes: its VNC still answers.
        try (RfbTestClient vnc = new RfbTestClient(fx.vncAddress(pod))) {
          assertThat(vnc.handshake38()).isEqualTo(id);
        }
        SimulatorFixture.Seen deleted = next(seen, s -> s.action() == Watcher.Action.DELETED);
        assertThat(TimeUnit.NANOSECONDS.toMillis(deleted.nanos() - terminating.nanos())).isGreaterThanOrEqualTo(950);
      }
      assertThat(fx.truth.find(id).orElseThrow().faultKinds()).containsExactly("slow-delete");
    } finally {
      fx.faults.remove(fault.id());
    }
    await().until(() -> fx.deployment(id) == null);
  }
}
