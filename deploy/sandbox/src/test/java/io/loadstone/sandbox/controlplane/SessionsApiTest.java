package io.loadstone.sandbox.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionsApiTest {
  private Vertx vertx;
  private ControlPlaneFixture cp;
  private TestAgent agent;
  private String admin;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    cp = ControlPlaneFixture.start(vertx, "maxSessionsPerUser: 3");
    agent = cp.onlineAgent("k8s-agent-1");
    admin = cp.adminToken();
  }

  @AfterEach
  void stop() {
    agent.close();
    cp.close();
    ControlPlaneFixture.await(vertx.close());
  }

  private HttpResponse<Buffer> create(JsonObject body) {
    return cp.call(HttpMethod.POST, "/api/v1/sessions", admin, body);
  }

  @Test
  void createAnswers202WithExactlyThePlatformsFields() {
    HttpResponse<Buffer> r = create(new JsonObject().put("user", "admin").put("template", "firefox-browser"));
    assertThat(r.statusCode()).isEqualTo(202);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("name", "namespace", "user", "template", "state",
        "persistentHome", "idleTimeout", "maxSessionDuration", "resources", "status", "tags");
    assertThat(body.getString("name")).matches("admin-firefox-browser-[0-9a-f]{8}");
    assertThat(body.getString("namespace")).isEqualTo("streamspace");
    assertThat(body.getString("state")).isEqualTo("pending");
    assertThat(body.getBoolean("persistentHome")).isTrue();
    assertThat(body.getJsonObject("resources")).isEqualTo(new JsonObject().put("memory", "2Gi").put("cpu", "1000m"));
    assertThat(body.getJsonObject("status").getString("phase")).isEqualTo("Pending");
    assertThat(body.getJsonObject("status").getString("message"))
        .matches("Session provisioning in progress \\(agent: k8s-agent-1, command: cmd-[0-9a-f]{8}\\)");
    assertThat(body.getValue("tags")).isNull();
  }

  @Test
  void createSendsStartSessionWithTheTemplateManifestToTheAgent() {
    agent.mode = TestAgent.Mode.SILENT;
    String name = cp.createSession(admin, "admin");
    JsonObject command = agent.nextCommand(5000);
    assertThat(command).isNotNull();
    assertThat(command.getString("action")).isEqualTo("start_session");
    assertThat(command.getString("commandId")).matches("cmd-[0-9a-f]{8}");
    JsonObject payload = command.getJsonObject("payload");
    assertThat(payload.getString("sessionId")).isEqualTo(name);
    assertThat(payload.getString("namespace")).isEqualTo("streamspace");
    assertThat(payload.getString("memory")).isEqualTo("2Gi");
    assertThat(payload.getBoolean("persistentHome")).isTrue();
    assertThat(payload.getJsonObject("templateManifest").getJsonObject("spec").getString("baseImage"))
        .isEqualTo("lscr.io/linuxserver/firefox:latest");
  }

  @Test
  void createKeepsTagsResourcesAndPersistentHome() {
    HttpResponse<Buffer> r = create(new JsonObject().put("user", "alice").put("template", "chromium-browser")
        .put("resources", new JsonObject().put("memory", "1Gi").put("cpu", "500m")).put("persistentHome", false)
        .put("idleTimeout", "30m").put("tags", new JsonArray().add("load-test").add("run-7")));
    assertThat(r.statusCode()).isEqualTo(202);
    String name = r.bodyAsJsonObject().getString("name");
    assertThat(r.bodyAsJsonObject().getJsonArray("tags")).containsExactly("load-test", "run-7");
    JsonObject session = cp.session(admin, name);
    assertThat(session.getJsonArray("tags")).containsExactly("load-test", "run-7");
    assertThat(session.getJsonObject("resources")).isEqualTo(new JsonObject().put("memory", "1Gi").put("cpu", "500m"));
    assertThat(session.getBoolean("persistentHome")).isFalse();
    assertThat(session.getString("idleTimeout")).isEqualTo("30m");
  }

  @Test
  void anInstalledApplicationIdResolvesToItsTemplate() {
    HttpResponse<Buffer> r = create(new JsonObject().put("user", "admin").put("applicationId", "5f1c2a7e-8b3d-4c6a-9e21-7d4b0c9a1f10"));
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.bodyAsJsonObject().getString("template")).isEqualTo("firefox-browser");
  }

  @Test
  void anUnknownApplicationIs404AndADisabledOne400() {
    HttpResponse<Buffer> unknown = create(new JsonObject().put("user", "admin").put("applicationId", "no-such-app"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("error")).isEqualTo("Application not found");
    HttpResponse<Buffer> disabled = create(new JsonObject().put("user", "admin").put("applicationId", "9a7e3c1d-2f4b-4e8a-b6c5-1d0e9f8a7b62"));
    assertThat(disabled.statusCode()).isEqualTo(400);
    assertThat(disabled.bodyAsJsonObject().getString("error")).isEqualTo("Application disabled");
  }

  @Test
  void createWithoutTemplateOrApplicationIs400MissingRequiredField() {
    HttpResponse<Buffer> r = create(new JsonObject().put("user", "admin"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Missing required field");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"template\":\"firefox-browser\"}", "{\"user\":5,\"template\":\"firefox-browser\"}",
      "{\"user\":\"admin\",\"template\":\"firefox-browser\",\"persistentHome\":\"yes\"}",
      "{\"user\":\"admin\",\"template\":\"firefox-browser\",\"tags\":\"a\"}",
      "{\"user\":\"admin\",\"template\":\"firefox-browser\",\"tags\":[1]}",
      "{\"user\":\"admin\",\"template\":\"firefox-browser\",\"resources\":\"big\"}",
      "{\"user\":\"admin\",\"template\":\"firefox-browser\",\"resources\":{\"cpu\":2}}",
      "[\"admin\"]", "{\"user\":", "null"})
  void malformedOrMistypedCreateBodiesAre400(String body) {
    HttpResponse<Buffer> r = cp.raw(HttpMethod.POST, "/api/v1/sessions", admin, "application/json", Buffer.buffer(body));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Invalid request body");
    assertThat(r.bodyAsJsonObject().getString("message")).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {"cpu=lots", "cpu=50m", "cpu=65", "cpu=1e99", "cpu=", "memory=64Mi", "memory=1Ti", "memory=2Gx",
      "memory=-1Gi", "memory=1.2.3Gi"})
  void badResourcesAre400InvalidResourceRequest(String setting) {
    String[] kv = setting.split("=", -1);
    JsonObject resources = new JsonObject().put(kv[0], kv[1].isEmpty() ? " " : kv[1]);
    HttpResponse<Buffer> r = create(new JsonObject().put("user", "admin").put("template", "firefox-browser").put("resources", resources));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Invalid resource request");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cpu=0.5", "cpu=2", "cpu=1500m", "cpu=64", "memory=1.5Gi", "memory=512Mi", "memory=4G",
      "memory=2e9", "memory=128Mi"})
  void kubernetesQuantitiesWithinBoundsAreAccepted(String setting) {
    String[] kv = setting.split("=");
    HttpResponse<Buffer> r = create(new JsonObject().put("user", "bob").put("template", "firefox-browser")
        .put("resources", new JsonObject().put(kv[0], kv[1])));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
    assertThat(r.bodyAsJsonObject().getJsonObject("resources").getString(kv[0])).isEqualTo(kv[1]);
  }

  @Test
  void anUnknownTemplateIs404() {
    HttpResponse<Buffer> r = create(new JsonObject().put("user", "admin").put("template", "emacs"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Template not found");
  }

  @Test
  void aUserOverTheQuotaOfLiveSessionsGets403() {
    for (int i = 0; i < 3; i++) {
      cp.createSession(admin, "alice");
    }
    HttpResponse<Buffer> r = create(new JsonObject().put("user", "alice").put("template", "firefox-browser"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Quota exceeded");
    assertThat(create(new JsonObject().put("user", "bob").put("template", "firefox-browser")).statusCode()).isEqualTo(202);
  }

  @Test
  void terminatingSessionsNoLongerCountAgainstTheQuota() {
    String first = cp.createSession(admin, "alice");
    cp.createSession(admin, "alice");
    cp.createSession(admin, "alice");
    assertThat(cp.call(HttpMethod.DELETE, "/api/v1/sessions/" + first, admin, null).statusCode()).isEqualTo(202);
    assertThat(create(new JsonObject().put("user", "alice").put("template", "firefox-browser")).statusCode()).isEqualTo(202);
  }

  @Test
  void withoutAConnectedAgentCreateIs503() {
    agent.disconnect();
    await().atMost(Duration.ofSeconds(3)).until(() ->
        create(new JsonObject().put("user", "admin").put("template", "firefox-browser")).statusCode() == 503);
    HttpResponse<Buffer> r = create(new JsonObject().put("user", "admin").put("template", "firefox-browser"));
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("No agents available");
    assertThat(r.bodyAsJsonObject().getString("message")).startsWith("No online agents are currently available: ");
  }

  @Test
  void aSessionBecomesRunningOnlyWhenTheAgentReportsIt() {
    agent.mode = TestAgent.Mode.ACK_ONLY;
    String name = cp.createSession(admin, "admin");
    JsonObject command = agent.nextCommand(5000);
    assertThat(command).isNotNull();
    await().atMost(Duration.ofSeconds(3)).until(() -> "ack".equals(cp.commands(name).getJsonObject(0).getString("status")));
    assertThat(cp.state(admin, name)).isEqualTo("pending");
    agent.send("status", new JsonObject().put("sessionId", name).put("state", "running").put("vncReady", true)
        .put("vncPort", 3000).put("platformMetadata", new JsonObject().put("podName", name + "-abc-12345").put("podIP", "10.244.0.9")));
    await().atMost(Duration.ofSeconds(3)).until(() -> "running".equals(cp.state(admin, name)));
    JsonObject session = cp.session(admin, name);
    assertThat(session.getJsonObject("status").getString("phase")).isEqualTo("Running");
    assertThat(session.getJsonObject("status").getString("podName")).isEqualTo(name + "-abc-12345");
    assertThat(session.getJsonObject("status").getString("url")).isEqualTo("/api/v1/sessions/" + name + "/vnc");
    assertThat(session.getJsonObject("status").getString("lastActivity")).isNotBlank();
  }

  @Test
  void getAndListShowTheSessionObject() {
    String mine = cp.createSession(admin, "alice");
    cp.createSession(admin, "bob");
    JsonObject session = cp.session(admin, mine);
    assertThat(session.fieldNames()).contains("name", "namespace", "user", "template", "state", "persistentHome",
        "idleTimeout", "maxSessionDuration", "createdAt", "platform", "activeConnections", "streamingProtocol",
        "streamingPort", "streamingPath", "status", "resources", "tags");
    assertThat(session.getString("platform")).isEqualTo("kubernetes");
    assertThat(session.getInteger("activeConnections")).isZero();
    JsonObject all = cp.get("/api/v1/sessions", admin).bodyAsJsonObject();
    assertThat(all.getInteger("total")).isEqualTo(2);
    JsonObject alices = cp.get("/api/v1/sessions?user=alice", admin).bodyAsJsonObject();
    assertThat(alices.getInteger("total")).isEqualTo(1);
    assertThat(alices.getJsonArray("sessions").getJsonObject(0).getString("name")).isEqualTo(mine);
    HttpResponse<Buffer> missing = cp.get("/api/v1/sessions/nope", admin);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("error")).isEqualTo("Session not found");
  }

  @Test
  void deleteAnswers202AndTheSessionStaysTerminatingAfterASuccessfulStop() {
    String name = cp.createSession(admin, "admin");
    await().atMost(Duration.ofSeconds(3)).until(() -> "running".equals(cp.state(admin, name)));
    HttpResponse<Buffer> r = cp.call(HttpMethod.DELETE, "/api/v1/sessions/" + name, admin, null);
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.bodyAsJsonObject().fieldNames()).containsExactlyInAnyOrder("name", "commandId", "message");
    String stopId = r.bodyAsJsonObject().getString("commandId");
    assertThat(stopId).matches("cmd-[0-9a-f]{8}");
    assertThat(cp.state(admin, name)).isEqualTo("terminating");
    await().atMost(Duration.ofSeconds(3)).until(() -> "completed".equals(
        cp.get("/sandbox/v1/commands/" + stopId, null).bodyAsJsonObject().getString("status")));
    assertThat(cp.state(admin, name)).isEqualTo("terminating");
    HttpResponse<Buffer> again = cp.call(HttpMethod.DELETE, "/api/v1/sessions/" + name, admin, null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("error")).isEqualTo("Session already terminating");
    assertThat(cp.call(HttpMethod.DELETE, "/api/v1/sessions/nope", admin, null).statusCode()).isEqualTo(404);
  }

  @Test
  void deleteIsAcceptedWhileTheAgentIsDownAndItsCommandFails() {
    String name = cp.createSession(admin, "admin");
    await().atMost(Duration.ofSeconds(3)).until(() -> "running".equals(cp.state(admin, name)));
    agent.disconnect();
    HttpResponse<Buffer> r = cp.call(HttpMethod.DELETE, "/api/v1/sessions/" + name, admin, null);
    assertThat(r.statusCode()).isEqualTo(202);
    String stopId = r.bodyAsJsonObject().getString("commandId");
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
      JsonObject stop = cp.get("/sandbox/v1/commands/" + stopId, null).bodyAsJsonObject();
      assertThat(stop.getString("status")).isEqualTo("failed");
      assertThat(stop.getString("errorMessage")).isEqualTo("agent is not connected");
    });
    assertThat(cp.state(admin, name)).isEqualTo("terminating");
  }

  @Test
  void hibernateAndWakeFollowTheStatesAndRefuseTheWrongOne() {
    agent.mode = TestAgent.Mode.ACK_ONLY;
    String name = cp.createSession(admin, "admin");
    HttpResponse<Buffer> early = cp.call(HttpMethod.PUT, "/api/v1/sessions/" + name + "/hibernate", admin, null);
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(early.bodyAsJsonObject().getString("error")).isEqualTo("Invalid session state");
    agent.mode = TestAgent.Mode.AUTO;
    agent.send("status", new JsonObject().put("sessionId", name).put("state", "running").put("vncReady", true).put("vncPort", 3000));
    await().atMost(Duration.ofSeconds(3)).until(() -> "running".equals(cp.state(admin, name)));
    assertThat(cp.call(HttpMethod.PUT, "/api/v1/sessions/" + name + "/wake", admin, null).statusCode()).isEqualTo(409);
    HttpResponse<Buffer> hibernate = cp.call(HttpMethod.PUT, "/api/v1/sessions/" + name + "/hibernate", admin, null);
    assertThat(hibernate.statusCode()).isEqualTo(202);
    assertThat(hibernate.bodyAsJsonObject().getString("commandId")).matches("cmd-[0-9a-f]{8}");
    await().atMost(Duration.ofSeconds(3)).until(() -> "hibernated".equals(cp.state(admin, name)));
    assertThat(cp.call(HttpMethod.PUT, "/api/v1/sessions/" + name + "/wake", admin, null).statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(3)).until(() -> "running".equals(cp.state(admin, name)));
    assertThat(cp.call(HttpMethod.PUT, "/api/v1/sessions/nope/wake", admin, null).statusCode()).isEqualTo(404);
  }

  @Test
  void connectReportsReadinessAndNeedsAUser() {
    agent.mode = TestAgent.Mode.ACK_ONLY;
    String name = cp.createSession(admin, "admin");
    assertThat(cp.get("/api/v1/sessions/" + name + "/connect", admin).statusCode()).isEqualTo(400);
    assertThat(cp.get("/api/v1/sessions/nope/connect?user=admin", admin).statusCode()).isEqualTo(404);
    JsonObject pending = cp.get("/api/v1/sessions/" + name + "/connect?user=admin", admin).bodyAsJsonObject();
    assertThat(pending.getBoolean("ready")).isFalse();
    assertThat(pending.getString("state")).isEqualTo("pending");
    agent.send("status", new JsonObject().put("sessionId", name).put("state", "running").put("vncReady", true).put("vncPort", 3000));
    await().atMost(Duration.ofSeconds(3)).until(() -> "running".equals(cp.state(admin, name)));
    JsonObject running = cp.get("/api/v1/sessions/" + name + "/connect?user=admin", admin).bodyAsJsonObject();
    assertThat(running.fieldNames()).containsExactlyInAnyOrder("connectionId", "sessionUrl", "state", "ready", "message");
    assertThat(running.getBoolean("ready")).isTrue();
    assertThat(running.getString("sessionUrl")).isEqualTo("/api/v1/sessions/" + name + "/vnc");
  }

  @Test
  void aFailedStartCommandLeavesTheSessionPending() {
    agent.mode = TestAgent.Mode.FAIL;
    String name = cp.createSession(admin, "admin");
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
      JsonObject start = cp.commands(name).getJsonObject(0);
      assertThat(start.getString("status")).isEqualTo("failed");
      assertThat(start.getString("errorMessage")).isEqualTo("pod not ready: timeout waiting for pod to be ready");
    });
    assertThat(cp.state(admin, name)).isEqualTo("pending");
  }

  @Test
  void theCommandRecordGoesPendingSentAckCompletedWithItsTimes() {
    agent.mode = TestAgent.Mode.ACK_ONLY;
    String name = cp.createSession(admin, "admin");
    await().atMost(Duration.ofSeconds(3)).until(() -> "ack".equals(cp.commands(name).getJsonObject(0).getString("status")));
    JsonObject acked = cp.commands(name).getJsonObject(0);
    assertThat(acked.getString("action")).isEqualTo("start_session");
    assertThat(acked.getString("agentId")).isEqualTo("k8s-agent-1");
    assertThat(acked.fieldNames()).contains("createdAt", "sentAt", "acknowledgedAt").doesNotContain("completedAt");
    agent.send("complete", new JsonObject().put("commandId", acked.getString("commandId")));
    await().atMost(Duration.ofSeconds(3)).until(() -> "completed".equals(cp.commands(name).getJsonObject(0).getString("status")));
    assertThat(cp.commands(name).getJsonObject(0).getString("completedAt")).isNotBlank();
  }

  @Test
  void groundTruthRecordsTheSessionsFactsAndCommands() {
    String name = cp.createSession(admin, "admin");
    await().atMost(Duration.ofSeconds(3)).until(() -> "running".equals(cp.state(admin, name)));
    String stopId = cp.call(HttpMethod.DELETE, "/api/v1/sessions/" + name, admin, null).bodyAsJsonObject().getString("commandId");
    JsonObject truth = cp.get("/sandbox/v1/truth", null).bodyAsJsonObject().getJsonObject("sessions").getJsonObject(name);
    assertThat(truth.getJsonObject("events").fieldNames())
        .contains("createRequested", "startDispatched", "running", "deleteRequested");
    JsonObject attributes = truth.getJsonObject("attributes");
    assertThat(attributes.getString("agent")).isEqualTo("k8s-agent-1");
    assertThat(attributes.getString("user")).isEqualTo("admin");
    assertThat(attributes.getString("template")).isEqualTo("firefox-browser");
    assertThat(attributes.getString("startCommand")).matches("cmd-[0-9a-f]{8}");
    assertThat(attributes.getString("stopCommand")).isEqualTo(stopId);
  }
}
