package io.loadstone.worker.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** The short JSON path decodes exactly what fabric8's own does, and leaves everything else to it. */
class JsonSerializationTest {
  private static final String POD = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"s-1-abc-xyz12","namespace":"streamspace",
         "resourceVersion":"42","labels":{"app":"streamspace-session","session":"s-1"}},
         "spec":{"containers":[{"name":"session","image":"firefox","resources":{"requests":{"cpu":"250m",
         "memory":"512Mi"},"limits":{"cpu":"250m","memory":"512Mi"}}}]},
         "status":{"phase":"Running","podIP":"10.0.0.7","conditions":[{"type":"Ready","status":"True"}]}}""";
  private final KubernetesSerialization stock = new KubernetesSerialization();
  private final JsonSerialization fast = new JsonSerialization();

  @Test
  void aWatchEventDecodesAsFabric8DecodesIt() {
    String event = "  {\"type\":\"MODIFIED\",\"object\":" + POD + "}";

    WatchEvent decoded = fast.unmarshal(event, WatchEvent.class);

    assertThat(decoded.getObject()).isInstanceOf(Pod.class);
    assertThat(decoded).isEqualTo(stock.unmarshal(event, WatchEvent.class));
    assertThat(((Pod) decoded.getObject()).getStatus().getPodIP()).isEqualTo("10.0.0.7");
  }

  @Test
  void yamlStillTakesFabric8sPath() {
    String yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n";
    assertThat(fast.unmarshal(yaml, Pod.class).getMetadata().getName()).isEqualTo("p");
  }

  @Test
  void brokenJsonFailsAsFabric8Fails() {
    assertThatThrownBy(() -> fast.unmarshal("{\"type\":", WatchEvent.class))
        .isInstanceOf(KubernetesClientException.class);
  }
}
