package io.loadstone.cli;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.loadstone.sandbox.Sandbox;
import io.loadstone.sandbox.SandboxEndpoints;
import io.loadstone.sandbox.config.SandboxConfig;
import io.loadstone.sandbox.config.SandboxConfigLoader;
import io.loadstone.sandbox.fault.ActiveFault;
import io.loadstone.sandbox.fault.FaultSpec;
import io.loadstone.worker.platform.CreateSessionRequest;
import io.loadstone.worker.platform.PlatformClient;
import io.loadstone.worker.platform.PlatformTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fast sandbox playing a real platform for {@code cleanup} tests: sessions created through the platform client as
 * a run would create them (tagged with the run), the {@code events.jsonl} a killed orchestrator would leave, a
 * {@code --target} file with a password file and kubeconfig, and a fabric8 client to look at what is left.
 * Blocking helpers, for test threads only.
 */
final class CleanupFixture implements AutoCloseable {
  static final String NAMESPACE = "streamspace";
  final Vertx vertx = Vertx.vertx();
  final Sandbox sandbox;
  final SandboxEndpoints ep;
  final PlatformClient platform;
  final KubernetesClient kube;

  CleanupFixture() {
    this(RunPlans.FAST_SANDBOX);
  }

  /** A sandbox with this config (YAML) playing the real platform in the test's JVM. */
  CleanupFixture(String sandboxYaml) {
    sandbox = Sandbox.start(vertx, SandboxConfigLoader.parse("fixture", sandboxYaml.stripIndent(),
        SandboxConfig.defaults())).await();
    ep = sandbox.endpoints();
    platform = PlatformClient.create(vertx, PlatformTarget.of(ep.api(), ep.username(), ep.password()));
    kube = new KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(Config.empty()).withMasterUrl(ep.kubernetes())
            .withNamespace(NAMESPACE).build())
        .withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build();
  }

  /** Creates {@code n} sessions tagged {@code loadstone-run=<run>} and waits until each is running. */
  List<String> createRunning(int n, String run) {
    List<Future<String>> created = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      created.add(platform.createSession(new CreateSessionRequest("admin", "firefox-browser",
              new CreateSessionRequest.Resources("512Mi", "250m"), true, List.of("loadstone-run=" + run)))
          .map(c -> c.name()));
    }
    List<String> ids = Future.all(created).await().list();
    await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(id ->
        platform.getSession(id).await().map(s -> "running".equals(s.state())).orElse(false)));
    return ids;
  }

  /** The Deployment, Service and Pods labelled {@code session=<id>}, as {@code Kind name}. */
  List<String> objects(String id) {
    return Stream.of(kube.apps().deployments().inNamespace(NAMESPACE).withLabel("session", id).list().getItems(),
            kube.services().inNamespace(NAMESPACE).withLabel("session", id).list().getItems(),
            kube.pods().inNamespace(NAMESPACE).withLabel("session", id).list().getItems())
        .flatMap(List::stream).map(o -> ((HasMetadata) o).getKind() + " " + o.getMetadata().getName()).toList();
  }

  String podName(String id) {
    return kube.pods().inNamespace(NAMESPACE).withLabel("session", id).list().getItems().get(0).getMetadata()
        .getName();
  }

  /** Pods of {@code id} linger {@code delay} after a delete. */
  ActiveFault slowDelete(String id, String delay) throws IOException {
    return sandbox.faults().add(FaultSpec.parse("test", new ObjectMapper().readTree(new JsonObject()
        .put("kind", "slow-delete").put("delay", new JsonObject().put("median", delay).put("p99", delay))
        .put("sessions", List.of(id)).encode())));
  }

  /** A kubeconfig whose current context reaches {@code server} without credentials. */
  static Path kubeconfig(Path dir, String server) throws IOException {
    Path file = dir.resolve("kubeconfig");
    Files.writeString(file, new SandboxEndpoints("unused", server, NAMESPACE, "admin", "unused", List.of())
        .kubeconfigYaml());
    return file;
  }

  /** A {@code --target} file for this sandbox: its URL, a password file, a kubeconfig. */
  Path targetFile(Path dir) throws IOException {
    return targetFile(dir, ep.api(), ep.kubernetes());
  }

  Path targetFile(Path dir, String api, String kubeServer) throws IOException {
    Path password = dir.resolve("password");
    Files.writeString(password, ep.password() + "\n");
    Path file = dir.resolve("target.yaml");
    Files.writeString(file, """
        api: "%s"
        username: %s
        passwordFile: "%s"
        kubeconfig: "%s"
        namespace: streamspace
        """.formatted(api, ep.username(), password, kubeconfig(dir, kubeServer)));
    return file;
  }

  /** One events.jsonl line as {@code EventLog} writes it. */
  static String eventLine(String run, String slot, int attempt, String phase, String platformSession) {
    return new JsonObject().put("run", run).put("session", slot).put("attempt", attempt).put("phase", phase)
        .put("elapsedMs", 12.5).put("observedNanos", 1234L).put("observedAt", "2026-11-24T14:00:00Z")
        .put("node", "worker-1").put("platformSession", platformSession).encode();
  }

  @Override
  public void close() {
    try {
      kube.close();
      platform.close().await();
      sandbox.close().await();
    } finally {
      vertx.close().await();
    }
  }
}
