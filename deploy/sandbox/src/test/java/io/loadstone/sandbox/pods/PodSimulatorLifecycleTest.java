package io.loadstone.sandbox.pods;

import static io.loadstone.sandbox.pods.SimulatorFixture.NAMESPACE;
import static io.loadstone.sandbox.pods.SimulatorFixture.READY_DELAY;
import static io.loadstone.sandbox.pods.SimulatorFixture.await;
import static io.loadstone.sandbox.pods.SimulatorFixture.newSessionId;
import static io.loadstone.sandbox.pods.SimulatorFixture.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.vertx.core.net.SocketAddress;
import java.net.ConnectException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PodSimulatorLifecycleTest {
  private static final String ALPHABET = "[" + PodNames.ALPHABET + "]";
  private static SimulatorFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new SimulatorFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void deploymentGetsAReplicaSetAndAPodNamedAndLabelledLikeKubernetes() {
    String id = newSessionId();
    Deployment d = fx.create(id);
    await().until(() -> fx.pods(id).size() == 1);
    List<ReplicaSet> sets = fx.client.apps().replicaSets().inNamespace(NAMESPACE).withLabel("session", id).list().getItems();
    assertThat(sets).hasSize(1);
    ReplicaSet rs = sets.get(0);
    assertThat(rs.getMetadata().getName()).matches(id + "-" + ALPHABET + "{10}");
    String hash = rs.getMetadata().getName().substring(id.length() + 1);
    assertThat(rs.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
      assertThat(ref.getKind()).isEqualTo("Deployment");
      assertThat(ref.getUid()).isEqualTo(d.getMetadata().getUid());
      assertThat(ref.getController()).isTrue();
    });
    Pod pod = fx.pods(id).get(0);
    assertThat(pod.getMetadata().getName()).matches(rs.getMetadata().getName() + "-" + ALPHABET + "{5}");
    OwnerReference owner = pod.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getKind()).isEqualTo("ReplicaSet");
    assertThat(owner.getUid()).isEqualTo(rs.getMetadata().getUid());
    assertThat(owner.getController()).isTrue();
    Map<String, String> expectedLabels = new java.util.HashMap<>(d.getSpec().getTemplate().getMetadata().getLabels());
    expectedLabels.put("pod-template-hash", hash);
    assertThat(pod.getMetadata().getLabels()).isEqualTo(expectedLabels);
    assertThat(pod.getSpec().getNodeName()).isEqualTo("sandbox-node-1");
    Container c = pod.getSpec().getContainers().get(0);
    Container template = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getResources().getRequests()).isEqualTo(c.getResources().getLimits())
        .containsEntry("memory", new Quantity("2Gi")).containsEntry("cpu", new Quantity("1000m"));
    assertThat(c.getPorts()).isEqualTo(template.getPorts());
    assertThat(c.getEnv()).isEqualTo(template.getEnv());
    fx.client.apps().deployments().inNamespace(NAMESPACE).withName(id).delete();
  }

  @Test
  void podMovesThroughItsStagesNoEarlierThanTheDelays() throws Exception {
    String id = newSessionId();
    BlockingQueue<SimulatorFixture.Seen> seen = SimulatorFixture.queue();
    try (Watch watch = fx.watchPods(id, seen)) {
      fx.create(id);
      SimulatorFixture.Seen added = next(seen, s -> s.action() == Watcher.Action.ADDED);
      SimulatorFixture.Seen creating = next(seen, s -> condition(s.pod(), "PodScheduled") != null);
      assertThat(creating.pod().getStatus().getPhase()).isEqualTo("Pending");
      assertThat(creating.pod().getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
          .isEqualTo("ContainerCreating");
      assertThat(condition(creating.pod(), "Ready").getStatus()).isEqualTo("False");
      SimulatorFixture.Seen ready = next(seen, s -> ReplicaSetController.isReady(s.pod()));
      assertThat(TimeUnit.NANOSECONDS.toMillis(ready.nanos() - added.nanos()))
          .isGreaterThanOrEqualTo(READY_DELAY.toMillis() - 30);

      Pod pod = ready.pod();
      assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
      Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
      Instant scheduledAt = Instant.parse(condition(pod, "PodScheduled").getLastTransitionTime());
      Instant readyAt = Instant.parse(condition(pod, "Ready").getLastTransitionTime());
      for (String type : List.of("PodScheduled", "Initialized", "Ready", "ContainersReady")) {
        assertThat(condition(pod, type).getStatus()).as(type).isEqualTo("True");
      }
      assertThat(scheduledAt).isAfterOrEqualTo(created).isBeforeOrEqualTo(readyAt);
      assertThat(readyAt).isAfterOrEqualTo(created.plus(READY_DELAY));
      assertThat(pod.getStatus().getStartTime()).isNotNull();
      assertThat(pod.getStatus().getContainerStatuses()).singleElement().satisfies(cs -> {
        assertThat(cs.getReady()).isTrue();
        assertThat(cs.getStarted()).isTrue();
        assertThat(cs.getState().getRunning().getStartedAt()).isNotNull();
      });
      assertThat(pod.getStatus().getPodIP()).matches("10\\.244\\.\\d+\\.\\d+");
      assertThat(pod.getStatus().getPodIPs()).singleElement().satisfies(ip -> assertThat(ip.getIp()).isEqualTo(pod.getStatus().getPodIP()));
      assertThat(pod.getStatus().getHostIP()).isNotBlank();
      assertThat(pod.getStatus().getQosClass()).isEqualTo("Guaranteed");
    }
  }

  @Test
  void readyPodServesVncUnderItsIpAndTheDeploymentCountsIt() throws Exception {
    String id = newSessionId();
    fx.create(id);
    Pod pod = fx.awaitReadyPod(id);
    try (RfbTestClient vnc = new RfbTestClient(fx.vncAddress(pod))) {
      assertThat(vnc.handshake38()).isEqualTo(id);
    }
    await().untilAsserted(() -> {
      Deployment d = fx.deployment(id);
      assertThat(d.getStatus().getReadyReplicas()).isEqualTo(1);
      assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(1);
      assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
      assertThat(d.getStatus().getConditions()).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("Available");
        assertThat(c.getStatus()).isEqualTo("True");
      });
    });
    fx.client.apps().deployments().inNamespace(NAMESPACE).withName(id).delete();
  }

  @Test
  void kubeletEventsAreFoundByInvolvedObjectName() {
    String id = newSessionId();
    fx.create(id);
    Pod pod = fx.awaitReadyPod(id);
    await().untilAsserted(() -> assertThat(fx.eventsOf(pod.getMetadata().getName()).stream().map(Event::getReason))
        .contains("Scheduled", "Pulling", "Pulled", "Created", "Started"));
    List<Event> events = fx.eventsOf(pod.getMetadata().getName());
    assertThat(events).allSatisfy(e -> {
      assertThat(e.getMetadata().getName()).startsWith(pod.getMetadata().getName() + ".");
      assertThat(e.getMetadata().getLabels()).isNullOrEmpty();
      assertThat(e.getInvolvedObject().getKind()).isEqualTo("Pod");
      assertThat(e.getInvolvedObject().getUid()).isEqualTo(pod.getMetadata().getUid());
      assertThat(e.getType()).isEqualTo("Normal");
      assertThat(e.getCount()).isEqualTo(1);
      assertThat(e.getFirstTimestamp()).isNotNull();
    });
    Map<String, String> sources = events.stream()
        .collect(Collectors.toMap(Event::getReason, e -> e.getSource().getComponent(), (a, b) -> a));
    assertThat(sources).containsEntry("Scheduled", "default-scheduler").containsEntry("Started", "kubelet");
    fx.client.apps().deployments().inNamespace(NAMESPACE).withName(id).delete();
  }

  @Test
  void foregroundDeleteRemovesThePodAfterItsGraceThenTheDeploymentAndClosesVnc() throws Exception {
    String id = newSessionId();
    fx.create(id);
    Pod pod = fx.awaitReadyPod(id);
    SocketAddress vnc = fx.vncAddress(pod);
    BlockingQueue<SimulatorFixture.Seen> seen = SimulatorFixture.queue();
    try (Watch watch = fx.watchPods(id, seen)) {
      fx.client.apps().deployments().inNamespace(NAMESPACE).withName(id)
          .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
      SimulatorFixture.Seen terminating = next(seen, s -> s.pod().getMetadata().getDeletionTimestamp() != null);
      Deployment whileTerminating = fx.deployment(id);
      assertThat(whileTerminating).as("deployment kept while its pod terminates").isNotNull();
      assertThat(whileTerminating.getMetadata().getDeletionTimestamp()).isNotNull();
      SimulatorFixture.Seen deleted = next(seen, s -> s.action() == Watcher.Action.DELETED);
      assertThat(TimeUnit.NANOSECONDS.toMillis(deleted.nanos() - terminating.nanos()))
          .isGreaterThanOrEqualTo(SimulatorFixture.DELETE_GRACE.toMillis() - 30);
    }
    await().until(() -> fx.deployment(id) == null);
    assertThat(fx.client.apps().replicaSets().inNamespace(NAMESPACE).withLabel("session", id).list().getItems()).isEmpty();
    assertThat(fx.pods(id)).isEmpty();
    assertThat(fx.simulator.network().resolve(pod.getStatus().getPodIP(), 3000)).isEmpty();
    assertThatThrownBy(() -> new RfbTestClient(vnc).close()).isInstanceOf(ConnectException.class);
  }

  @Test
  void backgroundDeleteGarbageCollectsTheReplicaSetAndPod() throws Exception {
    String id = newSessionId();
    fx.create(id);
    Pod pod = fx.awaitReadyPod(id);
    SocketAddress vnc = fx.vncAddress(pod);
    fx.client.apps().deployments().inNamespace(NAMESPACE).withName(id)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    await().until(() -> fx.pods(id).isEmpty()
        && fx.client.apps().replicaSets().inNamespace(NAMESPACE).withLabel("session", id).list().getItems().isEmpty());
    assertThat(fx.deployment(id)).isNull();
    assertThatThrownBy(() -> new RfbTestClient(vnc).close()).isInstanceOf(ConnectException.class);
  }

  @Test
  void scaleToZeroDeletesThePodAndBackToOneMakesANewOne() {
    String id = newSessionId();
    fx.create(id);
    Pod first = fx.awaitReadyPod(id);
    fx.client.apps().deployments().inNamespace(NAMESPACE).withName(id).scale(0);
    await().until(() -> fx.pods(id).isEmpty());
    await().untilAsserted(() -> assertThat(fx.deployment(id).getStatus().getReadyReplicas()).isIn(0, null));
    assertThat(fx.simulator.network().resolve(first.getStatus().getPodIP(), 3000)).isEmpty();
    List<ReplicaSet> sets = fx.client.apps().replicaSets().inNamespace(NAMESPACE).withLabel("session", id).list().getItems();
    assertThat(sets).singleElement().satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isZero());

    fx.client.apps().deployments().inNamespace(NAMESPACE).withName(id).scale(1);
    Pod second = fx.awaitReadyPod(id);
    assertThat(second.getMetadata().getName()).isNotEqualTo(first.getMetadata().getName())
        .startsWith(sets.get(0).getMetadata().getName() + "-");
    fx.client.apps().deployments().inNamespace(NAMESPACE).withName(id).delete();
  }

  @Test
  void podRemovedUnderTheSimulatorIsReplacedAndItsVncClosed() throws Exception {
    String id = newSessionId();
    fx.create(id);
    Pod first = fx.awaitReadyPod(id);
    SocketAddress vnc = fx.vncAddress(first);
    fx.client.pods().inNamespace(NAMESPACE).withName(first.getMetadata().getName()).withGracePeriod(0).delete();
    Pod second = fx.awaitReadyPod(id);
    assertThat(second.getMetadata().getName()).isNotEqualTo(first.getMetadata().getName());
    await().untilAsserted(() -> assertThatThrownBy(() -> new RfbTestClient(vnc).close())
        .isInstanceOf(ConnectException.class));
    fx.client.apps().deployments().inNamespace(NAMESPACE).withName(id).delete();
  }

  private static PodCondition condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
