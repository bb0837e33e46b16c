package io.loadstone.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KubeApiServerSelectorTest {

  private static KubeServerFixture fixture;
  private static Vertx clientVertx;
  private static KubeApiServer server;
  private static KubernetesClient client;

  @BeforeAll
  static void startServerWithPods() throws Exception {
    fixture = KubeServerFixture.start(KubeServerOptions.defaults());
    server = fixture.server();
    client = fixture.client();
    clientVertx = fixture.clientVertx();
    create("streamspace", "alice-1", Map.of("app", "streamspace-session", "user", "alice", "tier", "gold"));
    create("streamspace", "alice-2", Map.of("app", "streamspace-session", "user", "alice"));
    create("streamspace", "bob-1", Map.of("app", "streamspace-session", "user", "bob", "tier", "silver"));
    create("streamspace", "infra", Map.of("app", "other"));
    create("elsewhere", "carol-1", Map.of("app", "streamspace-session", "user", "carol"));
  }

  @AfterAll
  static void stopServer() throws Exception {
    fixture.close();
  }

  @Test
  void equalityLabelSelectors() {
    assertThat(names(client.pods().withLabel("user", "alice").list())).containsExactly("alice-1", "alice-2");
    assertThat(names(client.pods().withLabels(Map.of("app", "streamspace-session", "tier", "gold")).list()))
        .containsExactly("alice-1");
    assertThat(names(client.pods().withLabelSelector("user==bob").list())).containsExactly("bob-1");
    assertThat(names(client.pods().withoutLabel("app", "streamspace-session").list())).containsExactly("infra");
  }

  @Test
  void setBasedLabelSelectors() {
    assertThat(names(client.pods().withLabelIn("user", "alice", "bob").list()))
        .containsExactly("alice-1", "alice-2", "bob-1");
    // notin and != also select objects without the label, as in Kubernetes.
    assertThat(names(client.pods().withLabelNotIn("tier", "gold").list()))
        .containsExactly("alice-2", "bob-1", "infra");
    assertThat(names(client.pods().withLabel("tier").list())).containsExactly("alice-1", "bob-1");
    assertThat(names(client.pods().withoutLabel("tier").list())).containsExactly("alice-2", "infra");
    assertThat(names(client.pods().withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("user", "alice")
        .addNewMatchExpression().withKey("tier").withOperator("Exists").endMatchExpression().build()).list()))
        .containsExactly("alice-1");
    assertThat(names(client.pods().withLabelSelector("user in (alice, bob),tier notin (silver)").list()))
        .containsExactly("alice-1", "alice-2");
  }

  @Test
  void fieldSelectorsAndNamespaces() {
    assertThat(names(client.pods().withField("metadata.name", "bob-1").list())).containsExactly("bob-1");
    assertThat(names(client.pods().withoutField("metadata.name", "bob-1").withLabel("user").list()))
        .containsExactly("alice-1", "alice-2");
    assertThat(names(client.pods().inAnyNamespace().withField("metadata.namespace", "elsewhere").list()))
        .containsExactly("carol-1");
    assertThat(names(client.pods().inAnyNamespace().withLabel("app", "streamspace-session").list()))
        .containsExactly("carol-1", "alice-1", "alice-2", "bob-1");
    assertThat(names(client.pods().inNamespace("elsewhere").list())).containsExactly("carol-1");
    assertThat(names(client.pods().withField("spec.nodeName", "sandbox-node-1").withLabel("user", "bob").list()))
        .containsExactly("bob-1");
  }

  @Test
  void listCarriesTheCurrentResourceVersion() {
    PodList list = client.pods().list();
    long listVersion = Long.parseLong(list.getMetadata().getResourceVersion());
    long newest = list.getItems().stream().mapToLong(p -> Long.parseLong(p.getMetadata().getResourceVersion()))
        .max().orElseThrow();
    assertThat(listVersion).isGreaterThanOrEqualTo(newest);
    assertThat(list.getKind()).isEqualTo("PodList");
  }

  @Test
  void badSelectorIs400() {
    assertThatThrownBy(() -> client.pods().withLabelSelector("user in (alice").list())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
    assertThatThrownBy(() -> client.pods().withLabelSelector("bad key=value").list())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
  }

  private static void create(String namespace, String name, Map<String, String> labels) {
    Pod pod = new PodBuilder(KubeTestSupport.pod(name, labels)).build();
    client.pods().inNamespace(namespace).resource(pod).create();
  }

  private static List<String> names(PodList list) {
    return list.getItems().stream().map(p -> p.getMetadata().getName()).toList();
  }
}
