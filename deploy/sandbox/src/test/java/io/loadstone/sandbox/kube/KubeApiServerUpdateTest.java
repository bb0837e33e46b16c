package io.loadstone.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KubeApiServerUpdateTest {

  private static KubeServerFixture fixture;
  private static Vertx clientVertx;
  private static KubeApiServer server;
  private static KubernetesClient client;

  @BeforeAll
  static void startServer() throws Exception {
    fixture = KubeServerFixture.start(KubeServerOptions.defaults());
    server = fixture.server();
    client = fixture.client();
    clientVertx = fixture.clientVertx();
  }

  @AfterAll
  static void stopServer() throws Exception {
    fixture.close();
  }

  @Test
  void mainResourceUpdateIgnoresStatusAndStatusUpdateIgnoresEverythingElse() {
    client.apps().deployments().resource(KubeApiServerCrudTest.sessionDeployment("iso")).create();
    Deployment withStatus = new DeploymentBuilder(client.apps().deployments().withName("iso").get())
        .withStatus(new DeploymentStatusBuilder().withReadyReplicas(7).build()).build();
    Deployment afterUpdate = client.apps().deployments().resource(withStatus).update();
    assertThat(afterUpdate.getStatus().getReadyReplicas()).isNull();

    Deployment statusWrite = new DeploymentBuilder(afterUpdate).editSpec().withReplicas(5).endSpec()
        .editMetadata().addToLabels("sneaky", "yes").endMetadata()
        .withStatus(new DeploymentStatusBuilder().withReadyReplicas(1).withReplicas(1).build()).build();
    Deployment afterStatus = client.apps().deployments().resource(statusWrite).updateStatus();
    assertThat(afterStatus.getStatus().getReadyReplicas()).isEqualTo(1);
    assertThat(afterStatus.getSpec().getReplicas()).isEqualTo(1);
    assertThat(afterStatus.getMetadata().getLabels()).doesNotContainKey("sneaky");
    assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void generationCountsSpecChangesOnlyAndNoOpUpdatesWriteNothing() {
    Deployment created = client.apps().deployments().resource(KubeApiServerCrudTest.sessionDeployment("gen")).create();
    Deployment labelled = client.apps().deployments().withName("gen")
        .edit(d -> new DeploymentBuilder(d).editMetadata().addToLabels("x", "y").endMetadata().build());
    assertThat(labelled.getMetadata().getGeneration()).isEqualTo(1L);
    Deployment scaled = client.apps().deployments().withName("gen")
        .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(3).endSpec().build());
    assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2L);
    Deployment same = client.apps().deployments().resource(scaled).update();
    assertThat(same.getMetadata().getResourceVersion()).isEqualTo(scaled.getMetadata().getResourceVersion());
    assertThat(created.getMetadata().getUid()).isEqualTo(same.getMetadata().getUid());
  }

  @Test
  void scaleSubresourceSetsReplicas() {
    client.apps().deployments().resource(KubeApiServerCrudTest.sessionDeployment("scaled")).create();
    client.apps().deployments().withName("scaled").scale(0);
    Deployment read = client.apps().deployments().withName("scaled").get();
    assertThat(read.getSpec().getReplicas()).isZero();
    assertThat(read.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(client.apps().deployments().withName("scaled").scale().getStatus().getSelector())
        .isEqualTo("session=scaled");
  }

  @Test
  void editSendsJsonPatchAndKeepsOtherFields() {
    client.configMaps().resource(configMap("edit", Map.of("a", "1", "b", "2"))).create();
    ConfigMap edited = client.configMaps().withName("edit").edit(c -> new ConfigMapBuilder(c).removeFromData("a")
        .addToData("c", "3").build());
    assertThat(edited.getData()).isEqualTo(Map.of("b", "2", "c", "3"));
  }

  @Test
  void patchOfAnItemMergePatchAndStrategicPatchApply() {
    client.configMaps().resource(configMap("patches", Map.of("a", "1"))).create();
    client.configMaps().withName("patches").patch(configMap("patches", Map.of("a", "1", "b", "2")));
    client.configMaps().withName("patches")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"a\":null,\"m\":\"merge\"}}");
    client.configMaps().withName("patches")
        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"metadata\":{\"labels\":{\"s\":\"smp\"}}}");
    client.configMaps().withName("patches")
        .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"add\",\"path\":\"/data/j\",\"value\":\"json\"}]");
    ConfigMap read = client.configMaps().withName("patches").get();
    assertThat(read.getData()).isEqualTo(Map.of("b", "2", "m", "merge", "j", "json"));
    assertThat(read.getMetadata().getLabels()).containsEntry("s", "smp");
  }

  @Test
  void patchStatusAndEditStatusChangeOnlyStatus() {
    client.pods().resource(KubeTestSupport.pod("status-patch", Map.of("app", "a"))).create();
    Pod running = new PodBuilder(client.pods().withName("status-patch").get())
        .withStatus(new PodStatusBuilder().withPhase("Running").withPodIP("10.244.0.9").build())
        .editMetadata().addToLabels("app", "changed").endMetadata().build();
    Pod patched = client.pods().resource(running).patchStatus();
    assertThat(patched.getStatus().getPhase()).isEqualTo("Running");
    assertThat(patched.getMetadata().getLabels()).containsEntry("app", "a");
    Pod edited = client.pods().withName("status-patch").editStatus(p -> new PodBuilder(p).editStatus()
        .withPhase("Succeeded").endStatus().editSpec().withNodeName("elsewhere").endSpec().build());
    assertThat(edited.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(edited.getStatus().getPodIP()).isEqualTo("10.244.0.9");
    assertThat(edited.getSpec().getNodeName()).isEqualTo("sandbox-node-1");
  }

  @Test
  void serverSideApplyCreatesThenUpdates() {
    ConfigMap applied = client.configMaps().resource(configMap("ssa", Map.of("k", "v1"))).serverSideApply();
    assertThat(applied.getMetadata().getUid()).isNotBlank();
    ConfigMap reapplied = client.configMaps().resource(configMap("ssa", Map.of("k", "v2"))).serverSideApply();
    assertThat(reapplied.getData()).containsEntry("k", "v2");
    assertThat(reapplied.getMetadata().getUid()).isEqualTo(applied.getMetadata().getUid());
  }

  private static ConfigMap configMap(String name, Map<String, String> data) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().withData(data).build();
  }
}
