package io.loadstone.sandbox.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxAdminApiTest {
  private Vertx vertx;
  private ControlPlaneFixture cp;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    cp = ControlPlaneFixture.start(vertx);
  }

  @AfterEach
  void stop() {
    cp.close();
    ControlPlaneFixture.await(vertx.close());
  }

  private HttpResponse<Buffer> postFault(String contentType, String body) {
    return cp.raw(HttpMethod.POST, "/sandbox/v1/faults", null, contentType, Buffer.buffer(body));
  }

  private JsonArray faults() {
    return cp.get("/sandbox/v1/faults", null).bodyAsJsonObject().getJsonArray("faults");
  }

  @Test
  void truthHasSessionsAgentsAndFaults() {
    try (TestAgent agent = cp.onlineAgent("k8s-agent-1")) {
      JsonObject truth = cp.get("/sandbox/v1/truth", null).bodyAsJsonObject();
      assertThat(truth.fieldNames()).contains("sessions", "agents", "faults");
      assertThat(truth.getJsonObject("agents").getJsonArray("k8s-agent-1").stream()
          .map(e -> ((JsonObject) e).getString("event"))).containsSequence("registered", "connected", "online");
    }
  }

  @Test
  void faultsCanBeAddedAsJsonOrYamlListedAndRemoved() {
    // the platform's own behaviour, on by default
    assertThat(faults()).extracting(f -> ((JsonObject) f).getJsonObject("spec").getString("kind"))
        .containsExactly("retain-on-stop", "command-lost-while-down");
    HttpResponse<Buffer> json = postFault("application/json", "{\"kind\":\"drop-start-command\",\"rate\":0.5}");
    assertThat(json.statusCode()).isEqualTo(201);
    assertThat(json.bodyAsJsonObject().getJsonObject("spec").getDouble("rate")).isEqualTo(0.5);
    HttpResponse<Buffer> yaml = postFault("application/yaml", "kind: slow-pods\ndelay: {median: 5s, p99: 9s}\n");
    assertThat(yaml.statusCode()).isEqualTo(201);
    long id = yaml.bodyAsJsonObject().getLong("id");
    assertThat(faults()).hasSize(4);
    assertThat(cp.call(HttpMethod.DELETE, "/sandbox/v1/faults/" + id, null, null).statusCode()).isEqualTo(200);
    assertThat(faults()).hasSize(3);
    HttpResponse<Buffer> again = cp.call(HttpMethod.DELETE, "/sandbox/v1/faults/" + id, null, null);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(cp.call(HttpMethod.DELETE, "/sandbox/v1/faults/abc", null, null).statusCode()).isEqualTo(400);
    HttpResponse<Buffer> cleared = cp.call(HttpMethod.DELETE, "/sandbox/v1/faults", null, null);
    assertThat(cleared.statusCode()).isEqualTo(200);
    assertThat(faults()).hasSize(2);
    assertThat(cp.get("/sandbox/v1/truth", null).bodyAsJsonObject().getJsonArray("faults").stream()
        .map(e -> ((JsonObject) e).getString("event"))).contains("added", "removed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "kind: no-such-fault", "{kind: drop-start-command, bogus: 1}", "{kind: drop-start-command, count: 0}",
      "[1, 2]", "kind: [unclosed", "{kind: slow-pods}"})
  void aBadFaultSpecIs400WithTheReason(String body) {
    HttpResponse<Buffer> r = postFault("application/yaml", body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("Invalid fault");
    assertThat(r.bodyAsJsonObject().getString("message")).isNotBlank();
    assertThat(faults()).hasSize(2);
  }

  @Test
  void anUnknownKindNamesTheFieldAndTheChoices() {
    HttpResponse<Buffer> r = postFault("application/yaml", "kind: no-such-fault");
    assertThat(r.bodyAsJsonObject().getString("message")).startsWith("fault.kind: expected one of").contains("drop-start-command");
  }

  @Test
  void aFaultForAnAgentTheSandboxDoesNotHaveIs400NamingTheAgents() {
    HttpResponse<Buffer> r = postFault("application/json", "{\"kind\":\"agent-disconnect\",\"agent\":\"k8s-agent-9\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("message"))
        .isEqualTo("fault.agent: expected one of k8s-agent-1, k8s-agent-2, k8s-agent-3, got \"k8s-agent-9\"");
    assertThat(faults()).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{kind: agent-crash-loop}", "{kind: agent-status-stuck-offline, for: 5s}",
      "{kind: command-lost-while-down, period: 1s}", "{kind: agent-disconnect, for: 0s}"})
  void aBadAgentFaultIs400(String body) {
    HttpResponse<Buffer> r = postFault("application/yaml", body);
    assertThat(r.statusCode()).as(body).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("message")).startsWith("fault.");
  }

  @Test
  void commandRecordsAreListedFilteredAndFetched() {
    try (TestAgent agent = cp.onlineAgent("k8s-agent-1")) {
      String admin = cp.adminToken();
      String one = cp.createSession(admin, "admin");
      cp.createSession(admin, "alice");
      JsonObject all = cp.get("/sandbox/v1/commands", null).bodyAsJsonObject();
      assertThat(all.getInteger("total")).isEqualTo(2);
      JsonObject mine = cp.get("/sandbox/v1/commands?session=" + one + "&action=start_session", null).bodyAsJsonObject();
      assertThat(mine.getInteger("total")).isEqualTo(1);
      String id = mine.getJsonArray("commands").getJsonObject(0).getString("commandId");
      assertThat(cp.get("/sandbox/v1/commands/" + id, null).bodyAsJsonObject().getString("sessionId")).isEqualTo(one);
      assertThat(cp.get("/sandbox/v1/commands/cmd-nope", null).statusCode()).isEqualTo(404);
      assertThat(cp.get("/sandbox/v1/commands?agent=k8s-agent-2", null).bodyAsJsonObject().getInteger("total")).isZero();
    }
  }
}
