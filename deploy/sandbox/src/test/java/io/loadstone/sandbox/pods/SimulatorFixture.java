package io.loadstone.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.loadstone.sandbox.config.Distribution;
import io.loadstone.sandbox.config.PodSettings;
import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.kube.KubeApiServer;
import io.loadstone.sandbox.truth.GroundTruth;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * A real KubeApiServer, a PodSimulator against it and a fabric8 client for the test's own reads and writes,
 * with session Deployments built as StreamSpace's agent builds them.
 */
final class SimulatorFixture implements AutoCloseable {
  static final String NAMESPACE = "streamspace";
  static final Duration READY_DELAY = Duration.ofMillis(300);
  static final Duration DELETE_GRACE = Duration.ofMillis(100);
  static final PodSettings FAST = new PodSettings(
      Distribution.fixed(Duration.ofMillis(20)), Distribution.fixed(READY_DELAY),
      Distribution.fixed(DELETE_GRACE), Duration.ofMillis(10));
  private static final AtomicInteger SESSIONS = new AtomicInteger();

  final Vertx vertx = Vertx.vertx();
  final KubeApiServer kubeServer;
  final GroundTruth truth = new GroundTruth();
  final Faults faults = new Faults(truth, 42L, List.of());
  final PodSimulator simulator;
  final KubernetesClient client;

  SimulatorFixture() throws Exception {
    kubeServer = KubeApiServer.start(vertx, "127.0.0.1", 0).await(10, TimeUnit.SECONDS);
    simulator = PodSimulator.start(vertx, kubeServer.url(), NAMESPACE, FAST, faults, new Random(7))
        .await(10, TimeUnit.SECONDS);
    Config config = new io.fabric8.kubernetes.client.ConfigBuilder(Config.empty()).withMasterUrl(kubeServer.url())
        .withNamespace(NAMESPACE).withRequestRetryBackoffLimit(0).build();
    client = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build();
  }

  static String newSessionId() {
    return String.format("admin-firefox-browser-%08x", 0x5e550000 + SESSIONS.incrementAndGet());
  }

  static ConditionFactory await() {
    return Awaitility.await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20));
  }

  /** The Deployment StreamSpace's k8s agent creates for a session. */
  static Deployment sessionDeployment(String sessionId) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app", "streamspace-session");
    labels.put("session", sessionId);
    labels.put("user", "admin");
    labels.put("template", "firefox-browser");
    Map<String, Quantity> resources = Map.of("memory", new Quantity("2Gi"), "cpu", new Quantity("1000m"));
    return new DeploymentBuilder()
        .withNewMetadata().withName(sessionId).withNamespace(NAMESPACE).withLabels(labels).endMetadata()
        .withNewSpec().withReplicas(1)
        .withNewSelector().addToMatchLabels("session", sessionId).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
        .withNewSpec().withContainers(new ContainerBuilder().withName("session")
            .withImage("lscr.io/linuxserver/firefox:latest")
            .addNewPort().withName("vnc").withContainerPort(3000).withProtocol("TCP").endPort()
            .withEnv(new EnvVar("USER", "admin", null), new EnvVar("SESSION_ID", sessionId, null),
                new EnvVar("PUID", "1000", null), new EnvVar("PGID", "1000", null), new EnvVar("TZ", "UTC", null))
            .withNewResources().withRequests(resources).withLimits(resources).endResources()
            .build())
        .endSpec().endTemplate().endSpec().build();
  }

  Deployment create(String sessionId) {
    return client.apps().deployments().inNamespace(NAMESPACE).resource(sessionDeployment(sessionId)).create();
  }

  List<Pod> pods(String sessionId) {
    return client.pods().inNamespace(NAMESPACE).withLabel("session", sessionId).list().getItems();
  }

  Deployment deployment(String sessionId) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(sessionId).get();
  }

  /** Waits for the session's single pod to be Ready and returns it. */
  Pod awaitReadyPod(String sessionId) {
    Pod[] ready = new Pod[1];
    await().until(() -> {
      List<Pod> pods = pods(sessionId);
      ready[0] = pods.size() == 1 && ReplicaSetController.isReady(pods.get(0)) ? pods.get(0) : null;
      return ready[0] != null;
    });
    return ready[0];
  }

  SocketAddress vncAddress(Pod pod) {
    return simulator.network().resolve(pod.getStatus().getPodIP(), 3000).orElseThrow();
  }

  List<Event> eventsOf(String objectName) {
    return client.v1().events().inNamespace(NAMESPACE).withField("involvedObject.name", objectName).list().getItems();
  }

  /** Pod watch events of one session, each stamped with System.nanoTime() on arrival. */
  record Seen(long nanos, Watcher.Action action, Pod pod) {
  }

  Watch watchPods(String sessionId, BlockingQueue<Seen> into) {
    return client.pods().inNamespace(NAMESPACE).withLabel("session", sessionId).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        into.add(new Seen(System.nanoTime(), action, pod));
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    });
  }

  static BlockingQueue<Seen> queue() {
    return new LinkedBlockingQueue<>();
  }

  /** Reads watch events until one matches; fails after 10 s. */
  static Seen next(BlockingQueue<Seen> queue, java.util.function.Predicate<Seen> matching) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      Seen seen = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertThat(seen).as("watch event before the deadline").isNotNull();
      if (matching.test(seen)) {
        return seen;
      }
    }
  }

  @Override
  public void close() throws Exception {
    client.close();
    simulator.close().await(10, TimeUnit.SECONDS);
    kubeServer.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
