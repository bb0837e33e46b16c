package io.loadstone.sandbox.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.loadstone.sandbox.Sandbox;
import io.loadstone.sandbox.SandboxEndpoints;
import io.loadstone.sandbox.config.SandboxConfig;
import io.loadstone.sandbox.config.SandboxConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A whole {@link Sandbox} for tests, started through its public entry point with the fast timings of
 * {@code sandbox-fast.yaml} (plus any YAML overrides), on free loopback ports, with a fabric8 client on its
 * Kubernetes API and an admin token for its REST API. Blocking helpers, for test threads only. Exported in the
 * sandbox test-jar so later modules test against the same thing.
 */
public final class TestSandbox implements AutoCloseable {
  public static final String NAMESPACE = "streamspace";
  private final Vertx vertx = Vertx.vertx();
  private final Sandbox sandbox;
  private final KubernetesClient kube;
  private final WebClient web;
  private final String token;

  private TestSandbox(String overridesYaml) {
    SandboxConfig config = SandboxConfigLoader.parse("overrides", overridesYaml, fastConfig());
    sandbox = sync(Sandbox.start(vertx, config), 30);
    web = WebClient.create(vertx);
    kube = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(Config.empty())
            .withMasterUrl(sandbox.endpoints().kubernetes()).withNamespace(NAMESPACE).build())
        .withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build();
    SandboxEndpoints ep = sandbox.endpoints();
    token = post("/api/v1/auth/login", new JsonObject().put("username", ep.username()).put("password", ep.password()))
        .bodyAsJsonObject().getString("token");
  }

  /** A fast sandbox; {@code overridesYaml} is sandbox config YAML applied over the fast preset ("" for none). */
  public static TestSandbox start(String overridesYaml) {
    return new TestSandbox(overridesYaml);
  }

  /** The fast preset: the platform's logic with every timing scaled down (see the resource for the values). */
  public static SandboxConfig fastConfig() {
    try (InputStream in = TestSandbox.class.getResourceAsStream("/io/loadstone/sandbox/sandbox-fast.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return SandboxConfigLoader.parse("sandbox-fast.yaml", yaml, SandboxConfig.defaults());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  public SandboxEndpoints endpoints() {
    return sandbox.endpoints();
  }

  public Vertx vertx() {
    return vertx;
  }

  public KubernetesClient kube() {
    return kube;
  }

  public String token() {
    return token;
  }

  public HttpResponse<Buffer> get(String path) {
    return sync(web.getAbs(endpoints().api() + path).bearerTokenAuthentication(token).send(), 10);
  }

  public HttpResponse<Buffer> post(String path, JsonObject body) {
    var request = web.postAbs(endpoints().api() + path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return sync(request.sendJsonObject(body), 10);
  }

  public HttpResponse<Buffer> delete(String path) {
    return sync(web.deleteAbs(endpoints().api() + path).bearerTokenAuthentication(token).send(), 10);
  }

  /** POST /api/v1/sessions for admin/firefox-browser with the given resources; returns the response. */
  public HttpResponse<Buffer> createSession(String memory, String cpu, boolean persistentHome) {
    return post("/api/v1/sessions", new JsonObject().put("user", "admin").put("template", "firefox-browser")
        .put("persistentHome", persistentHome).put("resources", new JsonObject().put("memory", memory).put("cpu", cpu)));
  }

  /** The session's current state through GET /api/v1/sessions/{id}. */
  public String state(String sessionId) {
    return get("/api/v1/sessions/" + sessionId).bodyAsJsonObject().getString("state");
  }

  public WsRfbViewer viewer(String sessionId) throws Exception {
    return new WsRfbViewer(vertx, endpoints().api(), sessionId, token);
  }

  /** Waits for {@code future} on a test thread; a timeout fails the test with what was awaited. */
  public static <T> T sync(io.vertx.core.Future<T> future, int seconds) {
    try {
      return future.await(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("no answer within " + seconds + " s", e);
    }
  }

  @Override
  public void close() {
    try {
      kube.close();
      web.close();
      sync(sandbox.close(), 30);
    } finally {
      sync(vertx.close(), 30);
    }
  }
}
