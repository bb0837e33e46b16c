package io.loadstone.sandbox.pods;

import static io.loadstone.sandbox.pods.SimulatorFixture.NAMESPACE;
import static io.loadstone.sandbox.pods.SimulatorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PodSimulatorRestartTest {

  @Test
  void restartedSimulatorAdoptsWhatExistsWithoutDuplicatesOrStatusRewrites() throws Exception {
    try (SimulatorFixture fx = new SimulatorFixture()) {
      String id = SimulatorFixture.newSessionId();
      fx.create(id);
      Pod before = fx.awaitReadyPod(id);
      fx.simulator.close().await(10, TimeUnit.SECONDS);
      assertThat(fx.simulator.rfbServerCount()).isZero();

      PodSimulator second = PodSimulator.start(fx.vertx, fx.kubeServer.url(), NAMESPACE, SimulatorFixture.FAST,
          fx.faults, new Random(8)).await(10, TimeUnit.SECONDS);
      try {
        String ip = before.getStatus().getPodIP();
        await().until(() -> second.network().resolve(ip, 3000).isPresent());
        try (RfbTestClient vnc = new RfbTestClient(second.network().resolve(ip, 3000).orElseThrow())) {
          assertThat(vnc.handshake38()).isEqualTo(id);
        }
        Pod after = fx.pods(id).get(0);
        assertThat(fx.pods(id)).hasSize(1);
        assertThat(after.getMetadata().getName()).isEqualTo(before.getMetadata().getName());
        assertThat(after.getStatus()).isEqualTo(before.getStatus());
        assertThat(fx.client.apps().replicaSets().inNamespace(NAMESPACE).withLabel("session", id).list().getItems())
            .hasSize(1);

        fx.client.apps().deployments().inNamespace(NAMESPACE).withName(id)
            .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        await().until(() -> fx.deployment(id) == null && fx.pods(id).isEmpty());
        assertThat(second.rfbServerCount()).isZero();
      } finally {
        second.close().await(10, TimeUnit.SECONDS);
      }
    }
  }
}
