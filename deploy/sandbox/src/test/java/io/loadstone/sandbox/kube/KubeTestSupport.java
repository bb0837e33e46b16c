package io.loadstone.sandbox.kube;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts servers and builds real fabric8 clients (Vert.x 5 HTTP client, no kubeconfig auto-configuration). */
final class KubeTestSupport {

  static final String NAMESPACE = "streamspace";

  private KubeTestSupport() {
  }

  static KubeApiServer start(Vertx vertx, KubeServerOptions options) throws Exception {
    return KubeApiServer.start(vertx, "127.0.0.1", 0, options).await(10, TimeUnit.SECONDS);
  }

  /** A client as the sandbox's components build one; {@code clientVertx} is shared so tests stay light. */
  static KubernetesClient client(Vertx clientVertx, String url) {
    Config config = new io.fabric8.kubernetes.client.ConfigBuilder(Config.empty()).withMasterUrl(url)
        .withNamespace(NAMESPACE).withTrustCerts(true).withWatchReconnectInterval(100)
        .withRequestRetryBackoffLimit(0).build();
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new Vertx5HttpClientFactory(clientVertx)).build();
  }

  static Pod pod(String name, Map<String, String> labels) {
    return new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewSpec().withNodeName("sandbox-node-1")
        .withContainers(new ContainerBuilder().withName("session").withImage("lscr.io/linuxserver/firefox:latest")
            .withPorts(new ContainerPortBuilder().withName("vnc").withContainerPort(3000).build())
            .withNewResources().withRequests(Map.of("memory", new Quantity("2Gi"), "cpu", new Quantity("1000m")))
            .withLimits(Map.of("memory", new Quantity("2Gi"), "cpu", new Quantity("1000m"))).endResources()
            .build())
        .endSpec().build();
  }
}
