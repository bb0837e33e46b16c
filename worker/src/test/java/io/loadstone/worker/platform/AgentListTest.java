package io.loadstone.worker.platform;

import static io.loadstone.worker.TestSupport.failure;
import static io.loadstone.worker.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.sandbox.testing.TestSandbox;
import io.loadstone.worker.TestSupport;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/admin/agents} through the client, against a sandbox with three agents. */
class AgentListTest {
  private static TestSandbox sandbox;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    sandbox = TestSupport.startSandbox("", "agents: 3\nusers: [{username: carol, password: carols-password, role: user}]\n");
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    result(vertx.close());
    sandbox.close();
  }

  @Test
  void listsEveryAgentWithStatusHeartbeatAndCapacity() {
    PlatformClient admin = TestSupport.adminClient(vertx, sandbox);
    try {
      List<AgentView> agents = result(admin.agents());
      assertThat(agents).extracting(AgentView::agentId)
          .containsExactlyInAnyOrder("k8s-agent-1", "k8s-agent-2", "k8s-agent-3");
      for (AgentView a : agents) {
        assertThat(a.status()).isEqualTo("online");
        assertThat(a.lastHeartbeatText()).isNotBlank();
        assertThat(a.lastHeartbeat()).isBetween(Instant.now().minus(Duration.ofMinutes(1)), Instant.now().plusSeconds(1));
        assertThat(a.updatedAt()).isNotNull();
        assertThat(a.maxSessions()).isPositive();
      }
    } finally {
      admin.close();
    }
  }

  @Test
  void aUserWhoIsNotAnAdminIsToldSo() {
    PlatformClient carol = PlatformClient.create(vertx,
        PlatformTarget.of(sandbox.endpoints().api(), "carol", "carols-password"));
    try {
      Throwable refused = failure(carol.agents());
      assertThat(refused).isInstanceOf(PlatformException.class);
      assertThat(((PlatformException) refused).status()).isEqualTo(403);
      assertThat(refused.getMessage()).contains("listAgents failed: HTTP 403")
          .contains("needs an admin account; user carol is not one").doesNotContain("carols-password");
    } finally {
      carol.close();
    }
  }

  @Test
  void timestampsParseWithOrWithoutAnOffset() {
    assertThat(AgentView.instant("2025-11-22T05:23:10.123456789Z")).isEqualTo(Instant.parse("2025-11-22T05:23:10.123456789Z"));
    assertThat(AgentView.instant("2025-11-22T06:23:10+01:00")).isEqualTo(Instant.parse("2025-11-22T05:23:10Z"));
    assertThat(AgentView.instant("yesterday")).isNull();
    assertThat(AgentView.instant(null)).isNull();
  }
}
