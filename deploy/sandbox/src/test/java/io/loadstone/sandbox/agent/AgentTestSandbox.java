package io.loadstone.sandbox.agent;

import io.loadstone.sandbox.testing.WsRfbViewer;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.loadstone.sandbox.SandboxSecrets;
import io.loadstone.sandbox.config.SandboxConfig;
import io.loadstone.sandbox.config.SandboxConfigLoader;
import io.loadstone.sandbox.controlplane.ControlPlane;
import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.kube.KubeApiServer;
import io.loadstone.sandbox.pods.PodSimulator;
import io.loadstone.sandbox.truth.GroundTruth;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A whole sandbox for the agent tests: the real Kubernetes API server, pod simulator and control plane with the
 * fast timings of {@code sandbox-fast.yaml}, plus N {@link SandboxAgent}s, a fabric8 client to inspect objects and
 * a logged-in admin for the REST API. Blocking helpers, for the test thread only.
 */
final class AgentTestSandbox implements AutoCloseable {
  static final String NS = "streamspace";
  final Vertx vertx = Vertx.vertx();
  final SandboxConfig config;
  final SandboxSecrets secrets;
  final GroundTruth truth = new GroundTruth();
  final Faults faults;
  final KubeApiServer kube;
  final PodSimulator pods;
  ControlPlane controlPlane;
  final List<SandboxAgent> agents = new ArrayList<>();
  final KubernetesClient client;
  final WebClient web;
  private String token;

  private AgentTestSandbox(int agentCount) throws Exception {
    config = fastConfig().withAgents(agentCount);
    secrets = SandboxSecrets.generate(null, agentCount);
    faults = new Faults(truth, 42, List.of());
    kube = KubeApiServer.start(vertx, "127.0.0.1", 0).await(10, TimeUnit.SECONDS);
    pods = PodSimulator.start(vertx, kube.url(), NS, config.pods(), faults, new Random(7)).await(20, TimeUnit.SECONDS);
    controlPlane = ControlPlane.start(vertx, config, secrets, faults, truth, new Random(11)).await(10, TimeUnit.SECONDS);
    web = WebClient.create(vertx);
    client = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(Config.empty())
            .withMasterUrl(kube.url()).withNamespace(NS).withRequestRetryBackoffLimit(0).build())
        .withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build();
    for (var entry : secrets.agentKeys().entrySet()) {
      agents.add(SandboxAgent.start(vertx, settings(entry.getKey()), faults, truth, pods.network())
          .await(10, TimeUnit.SECONDS));
    }
  }

  static AgentTestSandbox start(int agentCount) throws Exception {
    return new AgentTestSandbox(agentCount);
  }

  static SandboxConfig fastConfig() throws IOException {
    try (InputStream in = AgentTestSandbox.class.getResourceAsStream("/io/loadstone/sandbox/sandbox-fast.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return SandboxConfigLoader.parse("sandbox-fast.yaml", yaml, SandboxConfig.defaults());
    }
  }

  AgentSettings settings(String agentId) {
    return new AgentSettings(agentId, secrets.agentKeys().get(agentId), controlPlane.url(), kube.url(), NS,
        config.region(), config.timings());
  }

  SandboxAgent agent() {
    return agents.get(0);
  }

  /** POST /api/v1/sessions as admin; returns the 202 body. */
  JsonObject createSession(String template) throws Exception {
    HttpResponse<Buffer> resp = call(HttpMethod.POST, "/api/v1/sessions",
        new JsonObject().put("user", "admin").put("template", template));
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(202);
    return resp.bodyAsJsonObject();
  }

  JsonObject session(String id) throws Exception {
    HttpResponse<Buffer> resp = call(HttpMethod.GET, "/api/v1/sessions/" + id, null);
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
    return resp.bodyAsJsonObject();
  }

  String state(String id) throws Exception {
    return session(id).getString("state");
  }

  /** The control plane's records of a session's commands (sandbox API). */
  JsonArray commands(String sessionId, String action) throws Exception {
    HttpResponse<Buffer> resp = web.getAbs(controlPlane.url() + "/sandbox/v1/commands?session=" + sessionId
        + "&action=" + action).send().await(5, TimeUnit.SECONDS);
    return resp.bodyAsJsonObject().getJsonArray("commands");
  }

  HttpResponse<Buffer> call(HttpMethod method, String path, JsonObject body) throws Exception {
    var request = web.requestAbs(method, controlPlane.url() + path).bearerTokenAuthentication(token());
    var sent = body == null ? request.send() : request.sendJsonObject(body);
    return sent.await(5, TimeUnit.SECONDS);
  }

  private String token() throws Exception {
    if (token == null) {
      HttpResponse<Buffer> login = web.postAbs(controlPlane.url() + "/api/v1/auth/login")
          .sendJsonObject(new JsonObject().put("username", "admin").put("password", secrets.adminPassword()))
          .await(5, TimeUnit.SECONDS);
      assertThat(login.statusCode()).isEqualTo(200);
      token = login.bodyAsJsonObject().getString("token");
    }
    return token;
  }

  /** A viewer on the control plane's VNC WebSocket, as admin. */
  WsRfbViewer vncViewer(String sessionId) throws Exception {
    return new WsRfbViewer(vertx, controlPlane.url(), sessionId, token());
  }

  /** Local port of the session's tunnel on the first agent hosting it, or -1. */
  int tunnelPort(String sessionId) throws Exception {
    for (SandboxAgent a : agents) {
      int port = a.tunnelPort(sessionId).await(5, TimeUnit.SECONDS);
      if (port > 0) {
        return port;
      }
    }
    return -1;
  }

  @Override
  public void close() throws Exception {
    for (SandboxAgent a : agents) {
      a.close().await(10, TimeUnit.SECONDS);
    }
    client.close();
    controlPlane.close().await(10, TimeUnit.SECONDS);
    pods.close().await(10, TimeUnit.SECONDS);
    kube.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
