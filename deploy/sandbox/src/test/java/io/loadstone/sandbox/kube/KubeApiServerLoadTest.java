package io.loadstone.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Many informers and short-lived watches against one server while objects churn: the server must stay responsive,
 * informers must end up consistent, and closing everything must leave no watch or connection behind (fabric8's mock
 * server hangs on informer close; this one must not).
 */
class KubeApiServerLoadTest {

  private static final int INFORMERS = 52;
  private static final int WATCH_THREADS = 8;
  /** Watches the watch threads hold open together in each of two rounds. */
  private static final int WATCHES_PER_ROUND = 240;
  private static final int SESSIONS = 10;

  @Test
  void informersAndWatchesUnderChurnLeakNothingAndServerStaysPrompt() throws Exception {
    Vertx vertx = Vertx.vertx();
    Vertx clientVertx = Vertx.vertx();
    KubeApiServer server = KubeTestSupport.start(vertx, KubeServerOptions.defaults());
    List<KubernetesClient> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      clients.add(KubeTestSupport.client(clientVertx, server.url()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<SharedIndexInformer<? extends HasMetadata>> informers = startInformers(clients, pool);
      assertThat(informers).hasSize(INFORMERS);

      AtomicInteger watchesOpened = new AtomicInteger();
      AtomicInteger peakOpen = new AtomicInteger();
      List<Future<?>> work = new ArrayList<>();
      CyclicBarrier allOpen = new CyclicBarrier(WATCH_THREADS);
      for (int t = 0; t < WATCH_THREADS; t++) {
        KubernetesClient client = clients.get(t % clients.size());
        work.add(pool.submit(() -> cycleWatches(client, server, allOpen, watchesOpened, peakOpen)));
      }
      for (int t = 0; t < 4; t++) {
        KubernetesClient client = clients.get(t);
        int writer = t;
        work.add(pool.submit(() -> churn(client, writer)));
      }
      for (Future<?> future : work) {
        future.get(60, TimeUnit.SECONDS);
      }
      assertThat(watchesOpened.get()).isGreaterThanOrEqualTo(2 * WATCHES_PER_ROUND);
      assertThat(peakOpen.get()).isGreaterThanOrEqualTo(INFORMERS + 200);

      long start = System.nanoTime();
      clients.get(0).pods().withName("steady").get();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

      // Informers converge on what the server holds.
      for (int s = 0; s < SESSIONS; s++) {
        Set<String> expected = clients.get(0).pods().withLabel("session", "s" + s).list().getItems().stream()
            .map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        @SuppressWarnings("unchecked")
        SharedIndexInformer<Pod> informer = (SharedIndexInformer<Pod>) informers.get(s);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(informer.getStore().list().stream()
            .map(p -> p.getMetadata().getName()).collect(Collectors.toSet())).isEqualTo(expected));
      }

      List<Future<Long>> closes = new ArrayList<>();
      for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
        closes.add(pool.submit(() -> {
          long began = System.nanoTime();
          informer.close();
          return System.nanoTime() - began;
        }));
      }
      for (Future<Long> close : closes) {
        assertThat(Duration.ofNanos(close.get(10, TimeUnit.SECONDS))).isLessThan(Duration.ofSeconds(2));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> server.openWatches() == 0);
      clients.forEach(KubernetesClient::close);
      await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);
    } finally {
      pool.shutdownNow();
      clients.forEach(KubernetesClient::close);
      server.close().await(5, TimeUnit.SECONDS);
      clientVertx.close().await(5, TimeUnit.SECONDS);
      vertx.close().await(5, TimeUnit.SECONDS);
    }
  }

  private static List<SharedIndexInformer<? extends HasMetadata>> startInformers(List<KubernetesClient> clients,
      ExecutorService pool) throws Exception {
    List<Future<SharedIndexInformer<? extends HasMetadata>>> started = new ArrayList<>();
    for (int i = 0; i < INFORMERS; i++) {
      KubernetesClient client = clients.get(i % clients.size());
      int n = i;
      started.add(pool.submit(() -> {
        // The first SESSIONS informers are the per-session pod informers checked for consistency.
        if (n < SESSIONS) {
          return client.pods().withLabel("session", "s" + n).inform();
        }
        return switch (n % 4) {
          case 0 -> client.pods().inform();
          case 1 -> client.configMaps().withLabel("session", "s" + (n % SESSIONS)).inform();
          case 2 -> client.apps().deployments().inform();
          default -> client.genericKubernetesResources("stream.space/v1alpha1", "Session").inform();
        };
      }));
    }
    List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();
    for (var future : started) {
      informers.add(future.get(30, TimeUnit.SECONDS));
    }
    return informers;
  }

  /** Two rounds of: open a batch of watches, let them receive events a moment, close them all. */
  private static Void cycleWatches(KubernetesClient client, KubeApiServer server, CyclicBarrier allOpen,
                                   AtomicInteger opened, AtomicInteger peakOpen) throws Exception {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int round = 0; round < 2; round++) {
      List<Watch> open = new ArrayList<>();
      RecordingWatcher<Pod> watcher = new RecordingWatcher<>();
      for (int i = 0; i < WATCHES_PER_ROUND / WATCH_THREADS; i++) {
        open.add(client.pods().withLabel("session", "s" + random.nextInt(SESSIONS)).watch(watcher));
        opened.incrementAndGet();
      }
      allOpen.await(30, TimeUnit.SECONDS);
      // Wait for a few events (or a short while), then close every watch while writes continue.
      for (int i = 0; i < 5; i++) {
        watcher.events.poll(random.nextInt(1, 100), TimeUnit.MILLISECONDS);
        peakOpen.accumulateAndGet(server.openWatches(), Math::max);
      }
      open.forEach(Watch::close);
    }
    return null;
  }

  private static Void churn(KubernetesClient client, int writer) {
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("steady-" + writer)
        .withLabels(Map.of("session", "s" + writer)).endMetadata().build()).create();
    if (writer == 0) {
      client.pods().resource(KubeTestSupport.pod("steady", Map.of("session", "steady"))).create();
    }
    for (int i = 0; i < 150; i++) {
      String name = "churn-" + writer + "-" + i;
      client.pods().resource(KubeTestSupport.pod(name, Map.of("session", "s" + (i % SESSIONS)))).create();
      client.pods().withName(name).editStatus(p -> new PodBuilder(p).editStatus().withPhase("Running").endStatus()
          .build());
      client.configMaps().withName("steady-" + writer).edit(c -> new ConfigMapBuilder(c)
          .withData(Map.of("i", Integer.toString(c.getData() == null ? 0 : c.getData().size() + 1))).build());
      if (i % 3 != 0) {
        client.pods().withName(name).withGracePeriod(0).delete();
      }
    }
    return null;
  }
}
