package io.loadstone.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.loadstone.sandbox.testing.TestSandbox;
import io.loadstone.sandbox.testing.WsRfbViewer;
import io.loadstone.sandbox.truth.SessionTruth;
import io.loadstone.sandbox.truth.TruthEvent;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The whole sandbox through its public entry point, seen by clients written against the contract only: REST over
 * HTTP, the fabric8 client on its Kubernetes API, RFB through the control plane's VNC WebSocket.
 */
class SandboxEndToEndTest {
  private static final ResourceDefinitionContext SESSION_CR = new ResourceDefinitionContext.Builder()
      .withGroup("stream.space").withVersion("v1alpha1").withKind("Session").withPlural("sessions").withNamespaced(true)
      .build();
  private static TestSandbox sb;

  @BeforeAll
  static void start() {
    sb = TestSandbox.start("agents: 2");
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  @Test
  @DisplayName("a session is created, provisioned exactly, reachable over VNC, deleted; PVC and CR stay; state stays terminating")
  void sessionLivesAndDiesAsTheContractSays() throws Exception {
    var created = sb.createSession("512Mi", "250m", true);
    assertThat(created.statusCode()).isEqualTo(202);
    JsonObject body = created.bodyAsJsonObject();
    String id = body.getString("name");
    assertThat(id).matches("admin-firefox-browser-[0-9a-f]{8}");
    assertThat(body.getString("state")).isEqualTo("pending");
    assertThat(body.getJsonObject("status").getString("message"))
        .matches("Session provisioning in progress \\(agent: k8s-agent-[12], command: cmd-[0-9a-f]{8}\\)");

    await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(sb.state(id)));

    Deployment deployment = sb.kube().apps().deployments().withName(id).get();
    assertThat(deployment.getMetadata().getLabels()).containsEntry("app", "streamspace-session")
        .containsEntry("session", id).containsEntry("user", "admin").containsEntry("template", "firefox-browser");
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getResources().getRequests()).isEqualTo(container.getResources().getLimits())
        .containsEntry("memory", new Quantity("512Mi")).containsEntry("cpu", new Quantity("250m"));
    assertThat(sb.kube().services().withName(id).get().getSpec().getClusterIP()).startsWith("10.96.");
    assertThat(sb.kube().persistentVolumeClaims().withName(id + "-home").get()).isNotNull();
    List<Pod> pods = sb.kube().pods().withLabel("session", id).list().getItems();
    assertThat(pods).singleElement().satisfies(p -> {
      assertThat(p.getMetadata().getName()).matches(id + "-[a-z0-9]{10}-[a-z0-9]{5}");
      assertThat(p.getStatus().getPodIP()).startsWith("10.244.");
    });
    GenericKubernetesResource cr = sb.kube().genericKubernetesResources(SESSION_CR).withName(id).get();
    assertThat(cr.get("status", "podName").toString()).isEqualTo(pods.get(0).getMetadata().getName());

    try (WsRfbViewer viewer = sb.viewer(id)) {
      assertThat(viewer.handshake()).isEqualTo(id);
      assertThat(viewer.requestFullUpdate()).isEqualTo(4 + 12 + viewer.width() * viewer.height() * 4);
    }

    var deleted = sb.delete("/api/v1/sessions/" + id);
    assertThat(deleted.statusCode()).isEqualTo(202);
    assertThat(deleted.bodyAsJsonObject().getString("commandId")).startsWith("cmd-");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(sb.kube().apps().deployments().withName(id).get()).isNull();
      assertThat(sb.kube().services().withName(id).get()).isNull();
      assertThat(sb.kube().pods().withLabel("session", id).list().getItems()).isEmpty();
    });
    assertThat(sb.kube().persistentVolumeClaims().withName(id + "-home").get()).as("PVC kept by design").isNotNull();
    assertThat(sb.kube().genericKubernetesResources(SESSION_CR).withName(id).get()).as("Session CR kept").isNotNull();
    // the platform never marks a stopped session terminated: it stays terminating through reconciler passes
    await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> "terminating".equals(sb.state(id)));
  }

  @Test
  @DisplayName("ground truth agrees with what a fabric8 watch and the REST API observed")
  void groundTruthMatchesWhatAClientObserved() throws Exception {
    Map<String, Long> readySeenNanos = new ConcurrentHashMap<>();
    Map<String, Long> goneSeenNanos = new ConcurrentHashMap<>();
    try (Watch ignored = sb.kube().pods().withLabel("app", "streamspace-session").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        String session = pod.getMetadata().getLabels().get("session");
        if (action == Action.DELETED) {
          goneSeenNanos.putIfAbsent(session, System.nanoTime());
        } else if (pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
          readySeenNanos.putIfAbsent(session, System.nanoTime());
        }
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      long sent = System.nanoTime();
      String id = sb.createSession("512Mi", "250m", false).bodyAsJsonObject().getString("name");
      await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(sb.state(id)));
      long runningSeen = System.nanoTime();
      sb.delete("/api/v1/sessions/" + id);
      await().atMost(Duration.ofSeconds(10)).until(() -> goneSeenNanos.containsKey(id));

      SessionTruth truth = sb.sandbox().truth().find(id).orElseThrow();
      long create = truth.nanos(TruthEvent.CREATE_REQUESTED).orElseThrow();
      long podReady = truth.nanos(TruthEvent.POD_READY).orElseThrow();
      long running = truth.nanos(TruthEvent.RUNNING).orElseThrow();
      long podGone = truth.nanos(TruthEvent.POD_GONE).orElseThrow();
      assertThat(create).isBetween(sent, podReady);
      assertThat(truth.nanos(TruthEvent.DEPLOYMENT_CREATED).orElseThrow()).isBetween(create, podReady);
      assertThat(podReady).isLessThanOrEqualTo(running);
      assertThat(running).isLessThanOrEqualTo(runningSeen);
      // a watcher learns of a change after the store commits it, and promptly on loopback
      assertThat(readySeenNanos.get(id) - podReady).isBetween(0L, Duration.ofMillis(500).toNanos());
      assertThat(goneSeenNanos.get(id) - podGone).isBetween(0L, Duration.ofMillis(500).toNanos());
      assertThat(truth.attribute("agent")).isIn(sb.endpoints().agents());
      assertThat(truth.attribute("podIP")).startsWith("10.244.");
    }
  }

  @Test
  @DisplayName("a dropped start command leaves the session pending with no Deployment, and the truth names the fault")
  void droppedStartCommandLeavesSessionPending() {
    JsonObject fault = sb.post("/sandbox/v1/faults", new JsonObject().put("kind", "drop-start-command").put("count", 1))
        .bodyAsJsonObject();
    String dropped = sb.createSession("512Mi", "250m", false).bodyAsJsonObject().getString("name");
    String fine = sb.createSession("512Mi", "250m", false).bodyAsJsonObject().getString("name");
    await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(sb.state(fine)));
    await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
        .until(() -> "pending".equals(sb.state(dropped)) && sb.kube().apps().deployments().withName(dropped).get() == null);
    assertThat(sb.sandbox().truth().find(dropped).orElseThrow().faultKinds()).containsExactly("drop-start-command");
    assertThat(sb.sandbox().truth().find(fine).orElseThrow().faultKinds()).isEmpty();
    sb.delete("/sandbox/v1/faults/" + fault.getLong("id"));
  }
}
