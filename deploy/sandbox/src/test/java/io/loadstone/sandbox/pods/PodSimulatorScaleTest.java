package io.loadstone.sandbox.pods;

import static io.loadstone.sandbox.pods.SimulatorFixture.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PodSimulatorScaleTest {
  private static final int SESSIONS = 200;
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
  void twoHundredDeploymentsAllBecomeReadyAndAreCleanedUpWithoutLeakingVncServers() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      ids.add(SimulatorFixture.newSessionId());
    }
    ExecutorService burst = Executors.newFixedThreadPool(8);
    try {
      List<Future<Deployment>> created = new ArrayList<>();
      ids.forEach(id -> created.add(burst.submit(() -> fx.create(id))));
      for (Future<Deployment> f : created) {
        f.get(10, TimeUnit.SECONDS);
      }
      Awaitility.await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
          assertThat(fx.client.apps().deployments().inNamespace(NAMESPACE).list().getItems())
              .filteredOn(d -> d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas()))
              .hasSize(SESSIONS));
      assertThat(fx.simulator.rfbServerCount()).isEqualTo(SESSIONS);
      assertThat(fx.simulator.network().servingPodIps()).hasSize(SESSIONS).doesNotHaveDuplicates();
      ids.forEach(id -> assertThat(fx.simulator.network()
          .resolve(fx.pods(id).get(0).getStatus().getPodIP(), 3000)).isPresent());

      List<Future<?>> deleted = new ArrayList<>();
      ids.forEach(id -> deleted.add(burst.submit(() -> fx.client.apps().deployments().inNamespace(NAMESPACE)
          .withName(id).withPropagationPolicy(DeletionPropagation.FOREGROUND).delete())));
      for (Future<?> f : deleted) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      burst.shutdownNow();
    }
    Awaitility.await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
        fx.client.apps().deployments().inNamespace(NAMESPACE).list().getItems().isEmpty()
            && fx.client.apps().replicaSets().inNamespace(NAMESPACE).list().getItems().isEmpty()
            && fx.client.pods().inNamespace(NAMESPACE).list().getItems().isEmpty());
    assertThat(fx.simulator.rfbServerCount()).isZero();
    assertThat(fx.simulator.network().servingPodIps()).isEmpty();
    // one pod per session, ever: a ReplicaSet that saw its pod deleting before it saw itself deleted made another
    Map<String, Long> podsCreated = fx.client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> "SuccessfulCreate".equals(e.getReason()) && "ReplicaSet".equals(e.getInvolvedObject().getKind()))
        .collect(Collectors.groupingBy(e -> e.getInvolvedObject().getName(), Collectors.counting()));
    assertThat(podsCreated).hasSize(SESSIONS);
    assertThat(podsCreated).allSatisfy((rs, count) -> assertThat(count).as("pods created by %s", rs).isEqualTo(1L));
  }
}
