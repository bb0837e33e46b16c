package io.loadstone.sandbox.agent;

import io.loadstone.sandbox.testing.WsRfbViewer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.loadstone.sandbox.fault.FaultKind;
import io.loadstone.sandbox.fault.FaultSpec;
import io.loadstone.sandbox.truth.TruthEvent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One real sandbox (Kubernetes API, pod simulator, control plane) and one agent, driven through the REST API. */
class AgentSessionLifecycleTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static AgentTestSandbox sandbox;

  @BeforeAll
  static void startSandbox() throws Exception {
    sandbox = AgentTestSandbox.start(1);
  }

  @AfterAll
  static void stopSandbox() throws Exception {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @AfterEach
  void clearFaults() {
    sandbox.faults.clear();
  }

  @Test
  void createdSessionGetsExactlyNamedAndLabelledObjects() throws Exception {
    String id = sandbox.createSession("firefox-browser").getString("name");
    awaitRunning(id);
    Map<String, String> labels = Map.of("app", "streamspace-session", "session", id, "user", "admin",
        "template", "firefox-browser");

    Deployment d = sandbox.client.apps().deployments().withName(id).get();
    assertThat(d.getMetadata().getLabels()).isEqualTo(labels);
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(labels);
    assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("session", id));
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    assertThat(c.getName()).isEqualTo("session");
    assertThat(c.getImage()).isEqualTo("lscr.io/linuxserver/firefox:latest");
    assertThat(c.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("vnc");
      assertThat(p.getContainerPort()).isEqualTo(3000);
    });
    assertThat(c.getResources().getRequests()).isEqualTo(c.getResources().getLimits())
        .isEqualTo(Map.of("memory", new Quantity("2Gi"), "cpu", new Quantity("1000m")));

    var svc = sandbox.client.services().withName(id).get();
    assertThat(svc.getMetadata().getLabels()).isEqualTo(labels);
    assertThat(svc.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(svc.getSpec().getSelector()).isEqualTo(Map.of("session", id));
    assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("vnc");
      assertThat(p.getPort()).isEqualTo(3000);
      assertThat(p.getTargetPort().getIntVal()).isEqualTo(3000);
    });

    var pvc = sandbox.client.persistentVolumeClaims().withName(id + "-home").get();
    assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("standard");
    assertThat(pvc.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("10Gi"));
    assertThat(c.getVolumeMounts()).singleElement().satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/config"));

    List<Pod> pods = sandbox.client.pods().withLabel("session", id).list().getItems();
    assertThat(pods).singleElement().satisfies(p -> {
      assertThat(p.getMetadata().getName()).matches(id + "-[a-z0-9]+-[a-z0-9]{5}");
      assertThat(p.getMetadata().getLabels()).containsAllEntriesOf(labels);
      assertThat(SessionKube.isReady(p)).isTrue();
    });
    Pod pod = pods.get(0);

    GenericKubernetesResource cr = sandbox.client.genericKubernetesResources(SessionObjects.SESSION_CR)
        .withName(id).get();
    assertThat(cr.getKind()).isEqualTo("Session");
    assertThat(cr.get("spec", "user").toString()).isEqualTo("admin");
    assertThat(cr.get("spec", "template").toString()).isEqualTo("firefox-browser");
    assertThat(cr.get("spec", "state").toString()).isEqualTo("running");
    assertThat((Boolean) cr.get("spec", "persistentHome")).isTrue();
    assertThat((Map<?, ?>) cr.get("spec", "resources")).isEqualTo(Map.of("memory", "2Gi", "cpu", "1000m"));
    assertThat(cr.get("status", "phase").toString()).isEqualTo("Running");
    assertThat(cr.get("status", "podName").toString()).isEqualTo(pod.getMetadata().getName());
    assertThat(cr.get("status", "url").toString()).isEqualTo("http://" + pod.getStatus().getPodIP() + ":3000");

    JsonObject session = sandbox.session(id);
    assertThat(session.getJsonObject("status").getString("podName")).isEqualTo(pod.getMetadata().getName());
    assertThat(sandbox.commands(id, "start_session").getJsonObject(0).getString("status")).isEqualTo("completed");
    var truth = sandbox.truth.find(id).orElseThrow();
    assertThat(truth.nanos(TruthEvent.TUNNEL_UP)).isPresent();
    assertThat(truth.attribute("pod")).isEqualTo(pod.getMetadata().getName());
  }

  @Test
  void concurrentSessionsEachTunnelToTheirOwnDesktop() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(sandbox.createSession("firefox-browser").getString("name"));
    }
    Set<Integer> ports = new HashSet<>();
    for (String id : ids) {
      awaitRunning(id);
      int port = sandbox.tunnelPort(id);
      ports.add(port);
      assertThat(RfbViewer.desktopName(port)).isEqualTo(id);
    }
    assertThat(ports).hasSize(4).allMatch(p -> p > 0);
  }

  @Test
  void viewerThroughTheControlPlaneGetsTheDesktopAndTheNextViewerAFreshHandshake() throws Exception {
    String id = sandbox.createSession("firefox-browser").getString("name");
    awaitRunning(id);
    try (WsRfbViewer first = sandbox.vncViewer(id)) {
      assertThat(first.handshake()).isEqualTo(id);
    }
    try (WsRfbViewer second = sandbox.vncViewer(id)) {
      assertThat(second.handshake()).isEqualTo(id);
    }
  }

  @Test
  void stopRemovesDeploymentServiceAndPodButKeepsPvcAndSessionCr() throws Exception {
    String id = sandbox.createSession("firefox-browser").getString("name");
    awaitRunning(id);
    int port = sandbox.tunnelPort(id);
    assertThat(sandbox.call(HttpMethod.DELETE, "/api/v1/sessions/" + id, null).statusCode()).isEqualTo(202);

    awaitStopCompleted(id);
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(sandbox.client.apps().deployments().withName(id).get()).isNull();
      assertThat(sandbox.client.services().withName(id).get()).isNull();
      assertThat(sandbox.client.pods().withLabel("session", id).list().getItems()).isEmpty();
    });
    assertThat(sandbox.client.persistentVolumeClaims().withName(id + "-home").get()).isNotNull();
    assertThat(sandbox.client.genericKubernetesResources(SessionObjects.SESSION_CR).withName(id).get()).isNotNull();
    assertThat(sandbox.tunnelPort(id)).isEqualTo(-1);
    assertThatPortIsClosed(port);
  }

  @Test
  void stopWithoutRetainDeletesPvcAndSessionCr() throws Exception {
    sandbox.faults.add(new FaultSpec(FaultKind.RETAIN_ON_STOP, null, null, null, List.of(), null, null, null,
        false, false));
    String id = sandbox.createSession("firefox-browser").getString("name");
    awaitRunning(id);
    sandbox.call(HttpMethod.DELETE, "/api/v1/sessions/" + id, null);

    awaitStopCompleted(id);
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(sandbox.client.apps().deployments().withName(id).get()).isNull();
      assertThat(sandbox.client.pods().withLabel("session", id).list().getItems()).isEmpty();
      assertThat(sandbox.client.persistentVolumeClaims().withName(id + "-home").get()).isNull();
      assertThat(sandbox.client.genericKubernetesResources(SessionObjects.SESSION_CR).withName(id).get()).isNull();
    });
  }

  @Test
  void hibernateScalesToZeroAndWakeServesAFreshPod() throws Exception {
    String id = sandbox.createSession("firefox-browser").getString("name");
    awaitRunning(id);
    String firstPod = sandbox.client.pods().withLabel("session", id).list().getItems().get(0).getMetadata().getName();

    assertThat(sandbox.call(HttpMethod.PUT, "/api/v1/sessions/" + id + "/hibernate", null).statusCode())
        .isEqualTo(202);
    await().atMost(WAIT).until(() -> "hibernated".equals(sandbox.state(id)));
    assertThat(sandbox.client.apps().deployments().withName(id).get().getSpec().getReplicas()).isZero();
    assertThat(sandbox.tunnelPort(id)).isEqualTo(-1);
    await().atMost(WAIT).until(() -> sandbox.client.pods().withLabel("session", id).list().getItems().isEmpty());

    assertThat(sandbox.call(HttpMethod.PUT, "/api/v1/sessions/" + id + "/wake", null).statusCode()).isEqualTo(202);
    awaitRunning(id);
    List<Pod> pods = sandbox.client.pods().withLabel("session", id).list().getItems();
    assertThat(pods).singleElement().satisfies(p -> assertThat(p.getMetadata().getName()).isNotEqualTo(firstPod));
    assertThat(RfbViewer.desktopName(sandbox.tunnelPort(id))).isEqualTo(id);
    assertThat(sandbox.commands(id, "wake_session").getJsonObject(0).getString("status")).isEqualTo("completed");
  }

  @Test
  void podNeverReadyFailsTheStartWithTheRealMessage() throws Exception {
    sandbox.faults.add(new FaultSpec(FaultKind.POD_NEVER_READY, 1, null, null, List.of(), null, null, null, null,
        null));
    String id = sandbox.createSession("firefox-browser").getString("name");

    await().atMost(WAIT).untilAsserted(() -> {
      JsonObject command = sandbox.commands(id, "start_session").getJsonObject(0);
      assertThat(command.getString("status")).isEqualTo("failed");
      assertThat(command.getString("errorMessage")).isEqualTo("pod not ready: timeout waiting for pod to be ready");
    });
    assertThat(sandbox.state(id)).isEqualTo("pending");
    assertThat(sandbox.client.genericKubernetesResources(SessionObjects.SESSION_CR).withName(id).get()).isNull();
    assertThat(sandbox.tunnelPort(id)).isEqualTo(-1);
  }

  @Test
  void vncCrossWireTunnelReachesAnotherSessionsPod() throws Exception {
    String victim = sandbox.createSession("firefox-browser").getString("name");
    awaitRunning(victim);
    sandbox.faults.add(new FaultSpec(FaultKind.VNC_CROSS_WIRE, 1, null, null, List.of(), null, null, null, null,
        null));
    String id = sandbox.createSession("firefox-browser").getString("name");
    awaitRunning(id);

    String reached = RfbViewer.desktopName(sandbox.tunnelPort(id));
    assertThat(reached).isNotEqualTo(id);
    String reachedPod = sandbox.client.pods().withLabel("session", reached).list().getItems().get(0)
        .getMetadata().getName();
    String ownPod = sandbox.client.pods().withLabel("session", id).list().getItems().get(0).getMetadata().getName();
    var fired = sandbox.truth.toJson().getJsonArray("faults").stream().map(JsonObject.class::cast)
        .filter(f -> "fired".equals(f.getString("event")) && "vnc-cross-wire".equals(f.getString("kind")))
        .toList();
    assertThat(fired).singleElement().satisfies(f -> {
      assertThat(f.getString("session")).isEqualTo(id);
      assertThat(f.getString("detail")).contains(ownPod).contains(reachedPod);
    });
    assertThat(sandbox.truth.find(id).orElseThrow().faultKinds()).containsExactly("vnc-cross-wire");
  }

  private static void awaitRunning(String id) {
    await().atMost(WAIT).until(() -> "running".equals(sandbox.state(id)));
  }

  private static void awaitStopCompleted(String id) {
    await().atMost(WAIT).until(() -> {
      var list = sandbox.commands(id, "stop_session");
      return !list.isEmpty() && "completed".equals(list.getJsonObject(0).getString("status"));
    });
  }

  private static void assertThatPortIsClosed(int port) {
    await().atMost(WAIT).untilAsserted(() -> {
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
        throw new AssertionError("tunnel port " + port + " still accepts connections");
      } catch (java.net.ConnectException expected) {
        // refused: the tunnel is gone
      }
    });
  }
}
