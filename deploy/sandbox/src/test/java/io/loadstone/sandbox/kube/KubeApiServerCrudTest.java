package io.loadstone.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KubeApiServerCrudTest {

  private static final Map<String, String> SESSION_LABELS = Map.of("app", "streamspace-session",
      "session", "admin-firefox-browser-d40f9190", "user", "admin", "template", "firefox-browser");

  private static KubeServerFixture fixture;
  private static Vertx clientVertx;
  private static KubeApiServer server;
  private static KubernetesClient client;
  private static WebClient http;

  @BeforeAll
  static void startServer() throws Exception {
    fixture = KubeServerFixture.start(KubeServerOptions.defaults());
    server = fixture.server();
    client = fixture.client();
    clientVertx = fixture.clientVertx();
    http = WebClient.create(clientVertx);
  }

  @AfterAll
  static void stopServer() throws Exception {
    http.close();
    fixture.close();
  }

  static Deployment sessionDeployment(String name) {
    return new DeploymentBuilder().withNewMetadata().withName(name).withLabels(SESSION_LABELS).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(Map.of("session", name)).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(SESSION_LABELS).endMetadata()
        .withSpec(KubeTestSupport.pod("x", Map.of()).getSpec()).endTemplate().endSpec().build();
  }

  @Test
  void deploymentKeepsNameLabelsAndGetsServerOwnedMetadata() {
    Deployment created = client.apps().deployments().resource(sessionDeployment("admin-firefox-browser-d40f9190"))
        .create();
    Deployment read = client.apps().deployments().withName("admin-firefox-browser-d40f9190").get();
    assertThat(read.getMetadata().getName()).isEqualTo("admin-firefox-browser-d40f9190");
    assertThat(read.getMetadata().getNamespace()).isEqualTo(KubeTestSupport.NAMESPACE);
    assertThat(read.getMetadata().getLabels()).isEqualTo(SESSION_LABELS);
    assertThat(read.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid()).hasSize(36);
    assertThat(read.getMetadata().getCreationTimestamp()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(read.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(Long.parseLong(read.getMetadata().getResourceVersion())).isPositive();
    assertThat(read.getSpec().getSelector().getMatchLabels())
        .containsEntry("session", "admin-firefox-browser-d40f9190");
    assertThat(read.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits())
        .containsEntry("memory", new Quantity("2Gi"));
  }

  @Test
  void serviceGetsUniqueClusterIpThatSurvivesUpdates() {
    Service first = client.services().resource(service("svc-a")).create();
    Service second = client.services().resource(service("svc-b")).create();
    assertThat(first.getSpec().getClusterIP()).startsWith("10.96.")
        .isNotEqualTo(second.getSpec().getClusterIP());
    assertThat(first.getSpec().getClusterIPs()).containsExactly(first.getSpec().getClusterIP());
    assertThat(first.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(first.getSpec().getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString(3000));
    Service edited = client.services().withName("svc-a")
        .edit(s -> new ServiceBuilder(s).editMetadata().addToLabels("extra", "yes").endMetadata().build());
    assertThat(edited.getSpec().getClusterIP()).isEqualTo(first.getSpec().getClusterIP());
  }

  @Test
  void pvcAndEventRoundTripAndEventIsFoundByInvolvedObjectName() {
    PersistentVolumeClaim pvc = client.persistentVolumeClaims().resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("admin-firefox-browser-d40f9190-home").withLabels(SESSION_LABELS).endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("standard").withNewResources()
        .withRequests(Map.of("storage", new Quantity("10Gi"))).endResources().endSpec().build()).create();
    assertThat(pvc.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("10Gi"));
    assertThat(pvc.getStatus().getPhase()).isEqualTo("Pending");

    client.v1().events().resource(new EventBuilder().withNewMetadata().withName("pod-a.17a1b2c3").endMetadata()
        .withNewInvolvedObject().withKind("Pod").withName("pod-a").withNamespace(KubeTestSupport.NAMESPACE)
        .endInvolvedObject().withReason("Scheduled").withType("Normal").build()).create();
    client.v1().events().resource(new EventBuilder().withNewMetadata().withName("pod-b.17a1b2c4").endMetadata()
        .withNewInvolvedObject().withKind("Pod").withName("pod-b").endInvolvedObject().withReason("Pulled")
        .build()).create();
    assertThat(client.v1().events().withField("involvedObject.name", "pod-a").list().getItems())
        .extracting(e -> e.getMetadata().getName()).containsExactly("pod-a.17a1b2c3");
  }

  @Test
  void sessionCustomResourceCrudThroughGenericClientDropsStatusOnCreate() {
    var sessions = client.genericKubernetesResources("stream.space/v1alpha1", "Session");
    GenericKubernetesResource session = new GenericKubernetesResourceBuilder().withApiVersion("stream.space/v1alpha1")
        .withKind("Session").withNewMetadata().withName("admin-firefox-browser-d40f9190").withLabels(SESSION_LABELS)
        .endMetadata().withAdditionalProperties(Map.of(
            "spec", Map.of("user", "admin", "template", "firefox-browser", "state", "running", "persistentHome", true),
            "status", Map.of("phase", "Running")))
        .build();
    GenericKubernetesResource created = sessions.resource(session).create();
    // Like a CRD with a status subresource: create cannot set status.
    assertThat(created.getAdditionalProperties()).doesNotContainKey("status");
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);

    created.setAdditionalProperty("status", Map.of("phase", "Running", "podName", "p-1",
        "url", "http://10.244.0.5:3000"));
    sessions.resource(created).updateStatus();
    GenericKubernetesResource read = sessions.withName("admin-firefox-browser-d40f9190").get();
    assertThat(read.get("status", "url").toString()).isEqualTo("http://10.244.0.5:3000");
    assertThat(read.get("spec", "state").toString()).isEqualTo("running");
    assertThat(read.getMetadata().getLabels()).isEqualTo(SESSION_LABELS);
    assertThat(sessions.withLabel("user", "admin").list().getItems()).hasSize(1);

    GenericKubernetesResource other = new GenericKubernetesResourceBuilder().withApiVersion("stream.space/v1alpha1")
        .withKind("Session").withNewMetadata().withName("bob-firefox-browser-00000001").endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("user", "bob"))).build();
    assertThat(client.resource(other).create().getMetadata().getUid()).isNotBlank();
    assertThat(sessions.list().getItems()).hasSize(2);
    assertThat(sessions.withName("bob-firefox-browser-00000001").delete()).hasSize(1);
    assertThat(sessions.withName("bob-firefox-browser-00000001").get()).isNull();
  }

  @Test
  void createRefusalsAreRealStatuses() {
    client.pods().resource(KubeTestSupport.pod("dup", Map.of())).create();
    assertThatThrownBy(() -> client.pods().resource(KubeTestSupport.pod("dup", Map.of())).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
          assertThat(e.getStatus().getDetails().getName()).isEqualTo("dup");
        });
    Pod generated = client.pods().resource(new io.fabric8.kubernetes.api.model.PodBuilder(
        KubeTestSupport.pod(null, Map.of())).editMetadata().withGenerateName("gen-").endMetadata().build()).create();
    assertThat(generated.getMetadata().getName()).matches("gen-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(client.pods().withName("absent").get()).isNull();
  }

  @Test
  void createWithoutNameIs422Invalid() throws Exception {
    HttpResponse<Buffer> response = send("POST", "/api/v1/namespaces/streamspace/pods",
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{}}", "application/json");
    assertThat(response.statusCode()).isEqualTo(422);
    JsonObject status = response.bodyAsJsonObject();
    assertThat(status.getString("kind")).isEqualTo("Status");
    assertThat(status.getString("reason")).isEqualTo("Invalid");
    assertThat(status.getInteger("code")).isEqualTo(422);
    assertThat(status.getString("message")).contains("metadata.name: Required value");
  }

  @Test
  void namespaceOfThePathWinsOverTheBody() throws Exception {
    HttpResponse<Buffer> response = send("POST", "/api/v1/namespaces/streamspace/configmaps",
        "{\"metadata\":{\"name\":\"placed\",\"namespace\":\"other\"}}", "application/json");
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(client.configMaps().inNamespace("streamspace").withName("placed").get()).isNotNull();
    assertThat(client.configMaps().inNamespace("other").withName("placed").get()).isNull();
  }

  @Test
  void malformedJsonIs400StatusWithoutEchoingTheBody() throws Exception {
    HttpResponse<Buffer> response = send("POST", "/api/v1/namespaces/streamspace/secrets",
        "{\"metadata\": {\"name\": \"s\"}, \"data\": {\"password\": \"hunter2\"", "application/json");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject status = response.bodyAsJsonObject();
    assertThat(status.getString("kind")).isEqualTo("Status");
    assertThat(status.getString("status")).isEqualTo("Failure");
    assertThat(status.getString("reason")).isEqualTo("BadRequest");
    assertThat(response.bodyAsString()).doesNotContain("hunter2");
  }

  @Test
  void oversizeBodyIs413Status() throws Exception {
    String huge = "{\"metadata\":{\"name\":\"big\"},\"data\":{\"x\":\"" + "a".repeat(3 * 1024 * 1024 + 10) + "\"}}";
    HttpResponse<Buffer> response = send("POST", "/api/v1/namespaces/streamspace/configmaps", huge,
        "application/json");
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.bodyAsJsonObject().getString("kind")).isEqualTo("Status");
    assertThat(client.configMaps().withName("big").get()).isNull();
  }

  @Test
  void unknownResourceAndMissingObjectAre404Statuses() throws Exception {
    HttpResponse<Buffer> unknown = send("GET", "/api/v1/namespaces/streamspace/widgets", null, null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("reason")).isEqualTo("NotFound");
    HttpResponse<Buffer> missing = send("GET", "/apis/apps/v1/namespaces/streamspace/deployments/nope", null, null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("message")).isEqualTo("deployments.apps \"nope\" not found");
    assertThat(missing.bodyAsJsonObject().getJsonObject("details").getString("name")).isEqualTo("nope");
  }

  @Test
  void staleResourceVersionUpdateIs409Conflict() {
    Pod created = client.pods().resource(KubeTestSupport.pod("stale", Map.of())).create();
    client.pods().withName("stale").edit(p -> { p.getMetadata().getLabels().put("v", "2"); return p; });
    created.getMetadata().getLabels().put("v", "3");
    assertThatThrownBy(() -> client.pods().resource(created).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
        });
    assertThat(client.pods().withName("stale").get().getMetadata().getLabels()).containsEntry("v", "2");
  }

  @Test
  void discoveryDescribesServedResourcesAndSubresources() throws Exception {
    assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo(Discovery.KUBERNETES_VERSION);
    assertThat(client.getApiGroups().getGroups()).extracting(g -> g.getName())
        .contains("apps", "stream.space");
    List<String> names = client.getApiResources("apps/v1").getResources().stream().map(APIResource::getName)
        .toList();
    assertThat(names).contains("deployments", "deployments/status", "deployments/scale", "replicasets");
    assertThat(client.getApiResources("stream.space/v1alpha1").getResources()).anySatisfy(r -> {
      assertThat(r.getName()).isEqualTo("sessions");
      assertThat(r.getKind()).isEqualTo("Session");
      assertThat(r.getNamespaced()).isTrue();
      assertThat(r.getVerbs()).contains("watch", "patch");
    });
    assertThat(client.getApiResources("v1").getResources()).extracting(APIResource::getName)
        .contains("pods", "pods/status", "services", "persistentvolumeclaims", "events");
    assertThat(send("GET", "/healthz", null, null).bodyAsString()).isEqualTo("ok");
    assertThat(send("GET", "/readyz", null, null).statusCode()).isEqualTo(200);
  }

  private static Service service(String name) {
    return new ServiceBuilder().withNewMetadata().withName(name).withLabels(SESSION_LABELS).endMetadata()
        .withNewSpec().withType("ClusterIP").withSelector(Map.of("session", name)).addNewPort().withName("vnc")
        .withPort(3000).withTargetPort(new IntOrString(3000)).withProtocol("TCP").endPort().endSpec().build();
  }

  private static HttpResponse<Buffer> send(String method, String path, String body, String contentType)
      throws Exception {
    var request = http.requestAbs(io.vertx.core.http.HttpMethod.valueOf(method), server.url() + path);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    var future = body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
    return future.await(10, TimeUnit.SECONDS);
  }
}
