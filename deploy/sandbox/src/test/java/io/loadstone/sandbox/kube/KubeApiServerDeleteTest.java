package io.loadstone.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KubeApiServerDeleteTest {

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
  void foregroundDeleteKeepsObjectWithDeletionTimestampUntilFinalizerRemoved() throws Exception {
    client.apps().deployments().resource(KubeApiServerCrudTest.sessionDeployment("fg")).create();
    RecordingWatcher<Deployment> watcher = new RecordingWatcher<>();
    client.apps().deployments().withName("fg").watch(watcher);
    assertThat(watcher.next()).isEqualTo("ADDED fg");

    List<StatusDetails> details = client.apps().deployments().withName("fg")
        .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
    assertThat(details).extracting(StatusDetails::getName).containsExactly("fg");
    Deployment terminating = client.apps().deployments().withName("fg").get();
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(terminating.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");
    assertThat(watcher.next()).isEqualTo("MODIFIED fg");

    // What the garbage collector does once the dependents are gone:
    client.apps().deployments().withName("fg").edit(d -> new DeploymentBuilder(d).editMetadata()
        .withFinalizers(List.of()).endMetadata().build());
    assertThat(watcher.next()).isEqualTo("DELETED fg");
    assertThat(client.apps().deployments().withName("fg").get()).isNull();
  }

  @Test
  void finalizerHoldsBackgroundDeleteAndNoNewFinalizerMayBeAdded() {
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("held")
        .withFinalizers("example.com/hold").endMetadata().build()).create();
    client.configMaps().withName("held").delete();
    assertThat(client.configMaps().withName("held").get().getMetadata().getDeletionTimestamp()).isNotNull();
    var refused = org.assertj.core.api.Assertions.catchThrowableOfType(
        io.fabric8.kubernetes.client.KubernetesClientException.class,
        () -> client.configMaps().withName("held").edit(c -> new ConfigMapBuilder(c).editMetadata()
            .addToFinalizers("example.com/more").endMetadata().build()));
    assertThat(refused.getCode()).isEqualTo(422);
    client.configMaps().withName("held").edit(c -> new ConfigMapBuilder(c).editMetadata().withFinalizers(List.of())
        .endMetadata().build());
    assertThat(client.configMaps().withName("held").get()).isNull();
  }

  @Test
  void podGracefulDeleteKeepsPodTerminatingUntilKubeletDeletesWithGraceZero() throws Exception {
    Pod pod = new PodBuilder(KubeTestSupport.pod("graceful", Map.of())).editSpec()
        .withTerminationGracePeriodSeconds(20L).endSpec().build();
    client.pods().resource(pod).create();
    Instant before = Instant.now();
    client.pods().withName("graceful").delete();
    Pod terminating = client.pods().withName("graceful").get();
    assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(20L);
    assertThat(Instant.parse(terminating.getMetadata().getDeletionTimestamp()))
        .isAfter(before.plusSeconds(18)).isBefore(before.plusSeconds(22));
    // A second graceful delete neither extends the grace nor removes the pod.
    client.pods().withName("graceful").withGracePeriod(30).delete();
    assertThat(client.pods().withName("graceful").get().getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(20L);
    client.pods().withName("graceful").withGracePeriod(0).delete();
    assertThat(client.pods().withName("graceful").get()).isNull();
  }

  @Test
  void unscheduledPodGoesAtOnce() {
    Pod pod = new PodBuilder(KubeTestSupport.pod("unscheduled", Map.of())).editSpec().withNodeName(null).endSpec()
        .build();
    client.pods().resource(pod).create();
    client.pods().withName("unscheduled").delete();
    assertThat(client.pods().withName("unscheduled").get()).isNull();
  }

  @Test
  void deleteOfMissingObjectIsEmptyAndCollectionDeleteTakesOnlyMatches() {
    assertThat(client.services().withName("never-was").delete()).isEmpty();
    for (String name : List.of("c-1", "c-2", "c-3")) {
      client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(name)
          .withLabels(Map.of("batch", name.equals("c-3") ? "keep" : "drop")).endMetadata().build()).create();
    }
    assertThat(client.configMaps().withLabel("batch", "drop").delete()).hasSize(2);
    assertThat(client.configMaps().withLabel("batch").list().getItems()).extracting(c -> c.getMetadata().getName())
        .containsExactly("c-3");
  }
}
