package io.loadstone.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KubeApiServerSmokeTest {

  @Test
  void podCreateGetWatchDelete() throws Exception {
    Vertx vertx = Vertx.vertx();
    Vertx clientVertx = Vertx.vertx();
    KubeApiServer server = KubeTestSupport.start(vertx, KubeServerOptions.defaults());
    try (KubernetesClient client = KubeTestSupport.client(clientVertx, server.url())) {
      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      Watch watch = client.pods().withLabel("app", "x").watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, Pod resource) {
          events.add(action + " " + resource.getMetadata().getName());
        }

        @Override
        public void onClose(WatcherException cause) {
          events.add("CLOSED " + cause);
        }
      });
      Pod created = client.pods().resource(KubeTestSupport.pod("p1", Map.of("app", "x"))).create();
      assertThat(created.getMetadata().getUid()).isNotBlank();
      assertThat(client.pods().withName("p1").get().getStatus().getPhase()).isEqualTo("Pending");
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("ADDED p1");
      client.pods().withName("p1").withGracePeriod(0).delete();
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("DELETED p1");
      watch.close();
    } finally {
      server.close().await(5, TimeUnit.SECONDS);
      clientVertx.close().await(5, TimeUnit.SECONDS);
      vertx.close().await(5, TimeUnit.SECONDS);
    }
  }
}
