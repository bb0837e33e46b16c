package io.loadstone.sandbox.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.sandbox.SandboxSecrets;
import io.loadstone.sandbox.config.SandboxConfig;
import io.loadstone.sandbox.config.SandboxConfigLoader;
import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.truth.GroundTruth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A real control plane on a free loopback port with the fast timings, plus a web client and a few helpers. Accounts:
 * {@code admin}/{@value #ADMIN_PASSWORD}, {@code alice}/{@code alice-pw} (user), {@code bob}/{@code bob-pw} (user),
 * {@code mallory} (disabled). Agent keys for {@code k8s-agent-1..3} come from {@link #secrets}.
 */
final class ControlPlaneFixture implements AutoCloseable {
  static final String ADMIN_PASSWORD = "admin-secret-pw";
  private static final String ACCOUNTS = """
      adminPassword: admin-secret-pw
      users:
        - {username: alice, password: alice-pw, role: user}
        - {username: bob, password: bob-pw, role: user}
        - {username: mallory, password: mallory-pw, role: user, disabled: true}
      """;

  final Vertx vertx;
  final SandboxConfig config;
  final SandboxSecrets secrets;
  final GroundTruth truth = new GroundTruth();
  final Faults faults;
  final ControlPlane controlPlane;
  final WebClient client;

  private ControlPlaneFixture(Vertx vertx, SandboxConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.secrets = SandboxSecrets.generate(config.adminPassword(), 3);
    this.faults = new Faults(truth, 7L, config.faults(), config.redeliverCommands());
    this.controlPlane = await(ControlPlane.start(vertx, config, secrets, faults, truth, new Random(7L)));
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(controlPlane.port()));
  }

  /** fast timings and the test accounts; {@code overrides} is more YAML on top (may be empty) */
  static ControlPlaneFixture start(Vertx vertx, String overrides) {
    SandboxConfig fast = SandboxConfigLoader.parse("sandbox-fast.yaml", resource("/io/loadstone/sandbox/sandbox-fast.yaml"),
        SandboxConfig.defaults());
    SandboxConfig withAccounts = SandboxConfigLoader.parse("accounts", ACCOUNTS, fast);
    SandboxConfig config = overrides.isBlank() ? withAccounts : SandboxConfigLoader.parse("overrides", overrides, withAccounts);
    return new ControlPlaneFixture(vertx, config);
  }

  static ControlPlaneFixture start(Vertx vertx) {
    return start(vertx, "");
  }

  private static String resource(String path) {
    try (InputStream in = ControlPlaneFixture.class.getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("awaiting a future failed: " + e, e);
    }
  }

  String key(String agentId) {
    return secrets.agentKeys().get(agentId);
  }

  TestAgent agent(String agentId) {
    return new TestAgent(vertx, controlPlane.port(), agentId, key(agentId), config.timings().heartbeatInterval());
  }

  /** a registered, connected, heartbeating agent that answers every command */
  TestAgent onlineAgent(String agentId) {
    TestAgent agent = agent(agentId);
    assertThat(agent.register().statusCode()).isEqualTo(201);
    agent.connect();
    agent.startHeartbeats();
    return agent;
  }

  String login(String user, String password) {
    HttpResponse<Buffer> r = call(HttpMethod.POST, "/api/v1/auth/login", null,
        new JsonObject().put("username", user).put("password", password));
    assertThat(r.statusCode()).as("login %s: %s", user, r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getString("token");
  }

  String adminToken() {
    return login("admin", ADMIN_PASSWORD);
  }

  HttpResponse<Buffer> call(HttpMethod method, String path, String token, JsonObject body) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return await(body == null ? request.send() : request.sendJsonObject(body));
  }

  HttpResponse<Buffer> raw(HttpMethod method, String path, String token, String contentType, Buffer body) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    return await(request.sendBuffer(body));
  }

  HttpResponse<Buffer> get(String path, String token) {
    return call(HttpMethod.GET, path, token, null);
  }

  /** POST /api/v1/sessions for {@code user} with the firefox template; asserts 202 and returns the session name */
  String createSession(String token, String user) {
    HttpResponse<Buffer> r = call(HttpMethod.POST, "/api/v1/sessions", token,
        new JsonObject().put("user", user).put("template", "firefox-browser"));
    assertThat(r.statusCode()).as("create: %s", r.bodyAsString()).isEqualTo(202);
    return r.bodyAsJsonObject().getString("name");
  }

  JsonObject session(String token, String name) {
    HttpResponse<Buffer> r = get("/api/v1/sessions/" + name, token);
    assertThat(r.statusCode()).as("get %s: %s", name, r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  String state(String token, String name) {
    return session(token, name).getString("state");
  }

  /** the command records of a session (sandbox API), oldest first */
  io.vertx.core.json.JsonArray commands(String sessionId) {
    HttpResponse<Buffer> r = get("/sandbox/v1/commands?session=" + sessionId, null);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("commands");
  }

  @Override
  public void close() {
    client.close();
    await(controlPlane.close());
  }
}
