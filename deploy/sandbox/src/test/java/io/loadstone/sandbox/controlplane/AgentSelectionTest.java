package io.loadstone.sandbox.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentSelectionTest {
  private Vertx vertx;
  private ControlPlaneFixture cp;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    if (cp != null) {
      cp.close();
    }
    ControlPlaneFixture.await(vertx.close());
  }

  private String agentOf(HttpResponse<Buffer> created) {
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    String message = created.bodyAsJsonObject().getJsonObject("status").getString("message");
    return message.substring(message.indexOf("agent: ") + 7, message.indexOf(", command"));
  }

  private HttpResponse<Buffer> create(String token) {
    return cp.call(HttpMethod.POST, "/api/v1/sessions", token, new JsonObject().put("user", "admin").put("template", "firefox-browser"));
  }

  @Test
  void theAgentWithFewestSessionsIsChosen() {
    cp = ControlPlaneFixture.start(vertx);
    String admin = cp.adminToken();
    try (TestAgent one = cp.onlineAgent("k8s-agent-1"); TestAgent two = cp.agent("k8s-agent-2")) {
      assertThat(agentOf(create(admin))).isEqualTo("k8s-agent-1");
      assertThat(agentOf(create(admin))).isEqualTo("k8s-agent-1");
      two.register();
      two.connect();
      two.startHeartbeats();
      assertThat(agentOf(create(admin))).isEqualTo("k8s-agent-2");
      assertThat(agentOf(create(admin))).isEqualTo("k8s-agent-2");
      // 2 each now; terminating sessions are no load, so deleting one of agent 1's tips the balance
      String oneOfAgentOnes = cp.get("/api/v1/sessions", admin).bodyAsJsonObject().getJsonArray("sessions").stream()
          .map(JsonObject.class::cast).map(s -> s.getString("name")).filter(n -> cp.commands(n).getJsonObject(0)
              .getString("agentId").equals("k8s-agent-1")).findFirst().orElseThrow();
      assertThat(cp.call(HttpMethod.DELETE, "/api/v1/sessions/" + oneOfAgentOnes, admin, null).statusCode()).isEqualTo(202);
      assertThat(agentOf(create(admin))).isEqualTo("k8s-agent-1");
    }
  }

  @Test
  void aTieGoesToTheMostRecentHeartbeat() {
    cp = ControlPlaneFixture.start(vertx, "timings: {staleAfter: 10s, selectionWindow: 10s}");
    String admin = cp.adminToken();
    try (TestAgent one = cp.agent("k8s-agent-1"); TestAgent two = cp.agent("k8s-agent-2")) {
      one.register();
      one.connect();
      two.register();
      two.connect();
      one.heartbeat();
      awaitHeartbeatOrder(admin, "k8s-agent-1", "k8s-agent-2", () -> two.heartbeat());
      String first = agentOf(create(admin));
      assertThat(first).isEqualTo("k8s-agent-2");
      // agent 2 now carries one session; free it so both are at zero again
      String session = cp.get("/api/v1/sessions", admin).bodyAsJsonObject().getJsonArray("sessions").getJsonObject(0).getString("name");
      cp.call(HttpMethod.DELETE, "/api/v1/sessions/" + session, admin, null);
      awaitHeartbeatOrder(admin, "k8s-agent-2", "k8s-agent-1", () -> one.heartbeat());
      assertThat(agentOf(create(admin))).isEqualTo("k8s-agent-1");
    }
  }

  /** beats {@code newer} until its lastHeartbeat is strictly after {@code older}'s */
  private void awaitHeartbeatOrder(String admin, String older, String newer, Runnable beat) {
    await().pollDelay(Duration.ofMillis(5)).atMost(Duration.ofSeconds(3)).until(() -> {
      beat.run();
      String o = cp.get("/api/v1/admin/agents/" + older, admin).bodyAsJsonObject().getString("lastHeartbeat");
      String n = cp.get("/api/v1/admin/agents/" + newer, admin).bodyAsJsonObject().getString("lastHeartbeat");
      return java.time.Instant.parse(n).isAfter(java.time.Instant.parse(o));
    });
  }

  @Test
  void agentsWithoutAHeartbeatInTheSelectionWindowAreNotChosen() {
    cp = ControlPlaneFixture.start(vertx, "timings: {staleAfter: 10s, selectionWindow: 300ms}");
    String admin = cp.adminToken();
    try (TestAgent one = cp.agent("k8s-agent-1")) {
      one.register();
      one.connect();
      one.heartbeat();
      assertThat(create(admin).statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(3)).until(() -> create(admin).statusCode() == 503);
      assertThat(one.isClosed()).as("still connected, just not fresh").isFalse();
      one.heartbeat();
      await().atMost(Duration.ofSeconds(3)).until(() -> create(admin).statusCode() == 202);
    }
  }

  @Test
  void aRegisteredButUnconnectedAgentIsNotChosen() {
    cp = ControlPlaneFixture.start(vertx);
    String admin = cp.adminToken();
    try (TestAgent one = cp.agent("k8s-agent-1")) {
      one.register();
      assertThat(one.register().statusCode()).as("re-registration sets it online").isEqualTo(200);
      HttpResponse<Buffer> r = create(admin);
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.bodyAsJsonObject().getString("message")).contains("no agents match selection criteria");
    }
  }
}
