package io.loadstone.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubeApiServerInformerTest {

  private Vertx vertx;
  private Vertx clientVertx;
  private KubeApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
    clientVertx = Vertx.vertx();
  }

  @AfterEach
  void stopAll() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close().await(5, TimeUnit.SECONDS);
    }
    clientVertx.close().await(5, TimeUnit.SECONDS);
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  private void start(KubeServerOptions options) throws Exception {
    server = KubeTestSupport.start(vertx, options);
    client = KubeTestSupport.client(clientVertx, server.url());
  }

  @Test
  void sharedIndexInformerWithSessionIndexSyncsAndSeesAddUpdateDelete() throws Exception {
    start(KubeServerOptions.defaults());
    client.pods().resource(KubeTestSupport.pod("s1-pod", Map.of("session", "s1"))).create();
    SharedIndexInformer<Pod> informer = client.pods().runnableInformer(0);
    informer.addIndexers(Map.of("session", pod -> List.of(pod.getMetadata().getLabels().getOrDefault("session", ""))));
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    informer.addEventHandler(recorder(seen));
    informer.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(informer.hasSynced()).isTrue();
    assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("add s1-pod");
    assertThat(informer.getIndexer().byIndex("session", "s1")).extracting(p -> p.getMetadata().getName())
        .containsExactly("s1-pod");

    client.pods().resource(KubeTestSupport.pod("s2-pod", Map.of("session", "s2"))).create();
    assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("add s2-pod");
    client.pods().withName("s2-pod").editStatus(p -> new PodBuilder(p).editStatus().withPhase("Running").endStatus()
        .build());
    assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("update s2-pod");
    assertThat(informer.getIndexer().byIndex("session", "s2").get(0).getStatus().getPhase()).isEqualTo("Running");
    client.pods().withName("s2-pod").withGracePeriod(0).delete();
    assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("delete s2-pod");
    assertThat(informer.getIndexer().byIndex("session", "s2")).isEmpty();

    long closeStart = System.nanoTime();
    informer.close();
    assertThat(Duration.ofNanos(System.nanoTime() - closeStart)).isLessThan(Duration.ofSeconds(2));
    await().atMost(Duration.ofSeconds(5)).until(() -> server.openWatches() == 0);
  }

  @Test
  void informerRecoversFromGoneByRelisting() throws Exception {
    start(KubeServerOptions.defaults().withHistoryEvents(10));
    client.pods().resource(KubeTestSupport.pod("kept-then-deleted", Map.of("watched", "yes"))).create();
    SharedIndexInformer<Pod> informer = client.pods().withLabel("watched", "yes").inform();
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    informer.addEventHandler(recorder(seen));
    assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("add kept-then-deleted");
    // One event over the watch itself: fabric8 treats a watch that ends having received nothing as stale and
    // relists without asking, which would bypass the 410 path this test is about.
    client.pods().withName("kept-then-deleted").edit(p -> new PodBuilder(p).editMetadata().addToLabels("seen", "1")
        .endMetadata().build());
    assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("update kept-then-deleted");

    // Churn the informer does not see (other labels) until its last resource version leaves the history.
    for (int i = 0; i < 15; i++) {
      client.pods().resource(KubeTestSupport.pod("noise-" + i, Map.of("watched", "no"))).create();
    }
    server.dropWatches().await(5, TimeUnit.SECONDS);
    client.pods().resource(KubeTestSupport.pod("added-later", Map.of("watched", "yes"))).create();
    client.pods().withName("kept-then-deleted").withGracePeriod(0).delete();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(informer.getStore().list())
        .extracting(p -> p.getMetadata().getName()).containsExactly("added-later"));
    assertThat(server.goneAnswers()).isPositive();
    informer.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> server.openWatches() == 0);
  }

  @Test
  void watchesAndInformersFallBackToHttpStreamingWhenWebSocketIsRefused() throws Exception {
    start(KubeServerOptions.defaults().withWebSocketWatches(false));
    RecordingWatcher<Pod> watcher = new RecordingWatcher<>();
    SharedIndexInformer<Pod> informer = client.pods().inform();
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    informer.addEventHandler(recorder(seen));
    try (Watch ignored = client.pods().watch(watcher)) {
      client.pods().resource(KubeTestSupport.pod("streamed", Map.of())).create();
      assertThat(watcher.next()).isEqualTo("ADDED streamed");
      assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("add streamed");
      assertThat(server.openWatches()).isEqualTo(2);
      client.pods().withName("streamed").withGracePeriod(0).delete();
      assertThat(watcher.next()).isEqualTo("DELETED streamed");
      assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("delete streamed");
    }
    informer.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> server.openWatches() == 0);
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> recorder(BlockingQueue<String> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        seen.add("add " + obj.getMetadata().getName());
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        seen.add("update " + newObj.getMetadata().getName());
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        seen.add("delete " + obj.getMetadata().getName());
      }
    };
  }
}
