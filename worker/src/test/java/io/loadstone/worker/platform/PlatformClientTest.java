package io.loadstone.worker.platform;

import static io.loadstone.worker.TestSupport.failure;
import static io.loadstone.worker.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.sandbox.testing.TestSandbox;
import io.loadstone.sandbox.truth.SessionTruth;
import io.loadstone.worker.TestSupport;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST client against a whole sandbox over real HTTP. */
class PlatformClientTest {
  private static final String BOB_PASSWORD = "bobs-real-password";
  private static TestSandbox sandbox;
  private static Vertx vertx;
  private static PlatformClient admin;

  @BeforeAll
  static void start() {
    sandbox = TestSupport.startSandbox("", "users: [{username: bob, password: " + BOB_PASSWORD + ", role: user}]\n");
    vertx = Vertx.vertx();
    admin = TestSupport.adminClient(vertx, sandbox);
  }

  @AfterAll
  static void stop() {
    result(admin.close());
    result(vertx.close());
    sandbox.close();
  }

  private static CreateSessionRequest firefox(String user) {
    return new CreateSessionRequest(user, "firefox-browser", new CreateSessionRequest.Resources("512Mi", "250m"), false,
        List.of("loadstone-run=test"));
  }

  @Test
  void loginWithTheAccountsPasswordSucceeds() {
    PlatformClient bob = PlatformClient.create(vertx, PlatformTarget.of(sandbox.endpoints().api(), "bob", BOB_PASSWORD));
    try {
      result(bob.login());
      assertThat(result(bob.bearerToken())).isNotBlank();
    } finally {
      bob.close();
    }
  }

  @Test
  void loginWithAWrongPasswordIsRefusedWithoutQuotingIt() {
    PlatformTarget target = PlatformTarget.of(sandbox.endpoints().api(), "bob", "not-bobs-password");
    PlatformClient bob = PlatformClient.create(vertx, target);
    try {
      Throwable refused = failure(bob.login());
      assertThat(refused).isInstanceOf(LoginRefusedException.class);
      LoginRefusedException e = (LoginRefusedException) refused;
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.error()).isEqualTo("Invalid credentials");
      assertThat(e.operation()).isEqualTo("login");
      assertThat(e.getMessage()).doesNotContain("not-bobs-password");
      assertThat(target.toString()).doesNotContain("not-bobs-password");
      // a call that needs a token reports the refused login too
      assertThat(failure(bob.listSessions("bob"))).isInstanceOf(LoginRefusedException.class);
    } finally {
      bob.close();
    }
  }

  @Test
  void aClosedPortIsReportedUnreachableWithItsUrl() {
    String url = "http://127.0.0.1:" + TestSupport.closedPort();
    PlatformClient nowhere = PlatformClient.create(vertx, PlatformTarget.of(url, "admin", "secret-password"));
    try {
      Throwable e = failure(nowhere.login());
      assertThat(e).isInstanceOf(PlatformUnreachableException.class);
      PlatformUnreachableException unreachable = (PlatformUnreachableException) e;
      assertThat(unreachable.url()).isEqualTo(url + "/api/v1/auth/login");
      assertThat(unreachable.operation()).isEqualTo("login");
      assertThat(e.getMessage()).contains(url).doesNotContain("secret-password");
    } finally {
      nowhere.close();
    }
  }

  @Test
  void createReadsAgentAndCommandFromTheProvisioningMessage() {
    CreatedSession created = result(admin.createSession(firefox("admin")));

    assertThat(created.name()).matches("admin-firefox-browser-[0-9a-f]{8}");
    assertThat(created.state()).isEqualTo("pending");
    assertThat(created.agentId()).isIn(sandbox.endpoints().agents());
    assertThat(created.commandId()).matches("cmd-[0-9a-f]{8}");
    SessionTruth truth = sandbox.sandbox().truth().find(created.name()).orElseThrow();
    assertThat(created.commandId()).isEqualTo(truth.attribute("startCommand"));
    assertThat(created.agentId()).isEqualTo(truth.attribute("agent"));
    assertThat(created.raw().getJsonArray("tags").getList()).containsExactly("loadstone-run=test");
  }

  @Test
  void getShowsTheSessionAndIsEmptyForAnUnknownId() {
    CreatedSession created = result(admin.createSession(firefox("admin")));

    SessionView view = result(admin.getSession(created.name())).orElseThrow();
    assertThat(view.name()).isEqualTo(created.name());
    assertThat(view.state()).isIn("pending", "running");
    assertThat(result(admin.getSession("admin-firefox-browser-00000000"))).isEqualTo(Optional.empty());
  }

  @Test
  void listShowsTheSessionsOfOneUser() {
    CreatedSession created = result(admin.createSession(firefox("admin")));

    SessionList mine = result(admin.listSessions("admin"));
    assertThat(mine.find(created.name())).isPresent();
    assertThat(mine.total()).isEqualTo(mine.sessions().size());
    assertThat(mine.receivedNanos()).isLessThanOrEqualTo(System.nanoTime());
    assertThat(result(admin.listSessions("nobody")).sessions()).isEmpty();
  }

  @Test
  void deleteAnswersTheStopCommandAndASecondDeleteIsAConflict() {
    CreatedSession created = result(admin.createSession(firefox("admin")));

    String stop = result(admin.deleteSession(created.name())).commandId();
    assertThat(stop).matches("cmd-[0-9a-f]{8}").isNotEqualTo(created.commandId());
    assertThat(result(admin.getSession(created.name())).orElseThrow().state()).isEqualTo("terminating");

    Throwable again = failure(admin.deleteSession(created.name()));
    assertThat(again).isInstanceOf(PlatformException.class);
    PlatformException conflict = (PlatformException) again;
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.operation()).isEqualTo("deleteSession");
    assertThat(conflict.error()).isEqualTo("Session already terminating");
    assertThat(conflict.bodyExcerpt()).contains("terminating").hasSizeLessThanOrEqualTo(200);
  }

  @Test
  void deleteOfAnUnknownSessionIsNotFound() {
    PlatformException e = (PlatformException) failure(admin.deleteSession("admin-firefox-browser-00000000"));
    assertThat(e.status()).isEqualTo(404);
    assertThat(e.error()).isEqualTo("Session not found");
    assertThat(e.getMessage()).contains("deleteSession", "404", "Session not found");
  }

  @Test
  void createWithAnUnknownTemplateIsNotFound() {
    Throwable e = failure(admin.createSession(new CreateSessionRequest("admin", "no-such-template", null, null, null)));
    assertThat(e).isInstanceOf(PlatformException.class);
    assertThat(((PlatformException) e).status()).isEqualTo(404);
    assertThat(((PlatformException) e).error()).isEqualTo("Template not found");
  }

  @Test
  void createWithoutAnyAgentIsServiceUnavailable() {
    try (TestSandbox empty = TestSupport.startSandbox("", "agents: 0\n")) {
      PlatformClient client = TestSupport.adminClient(vertx, empty);
      try {
        Throwable e = failure(client.createSession(firefox("admin")));
        assertThat(e).isInstanceOf(PlatformException.class);
        PlatformException unavailable = (PlatformException) e;
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.error()).isEqualTo("No agents available");
        assertThat(unavailable.bodyExcerpt()).startsWith("{").contains("No agents available");
      } finally {
        client.close();
      }
    }
  }

  @Test
  void aCreateIsStampedWhenItGoesOnTheWireNotWhileItWaitsForAPooledConnection() {
    var ep = sandbox.endpoints();
    PlatformClient oneConnection = PlatformClient.create(vertx,
        PlatformTarget.of(ep.api(), ep.username(), ep.password()).withMaxConnections(1));
    try {
      result(oneConnection.login());
      long asked = System.nanoTime();
      List<CreatedSession> created = java.util.stream.IntStream.range(0, 3)
          .mapToObj(i -> oneConnection.createSession(firefox("admin"))).toList()
          .stream().map(TestSupport::result).sorted(java.util.Comparator.comparingLong(CreatedSession::sentNanos))
          .toList();
      // the sandbox runs in this JVM: its arrival stamps are on the same clock
      List<Long> arrived = created.stream().map(c -> sandbox.sandbox().truth().find(c.name()).orElseThrow()
          .nanos(io.loadstone.sandbox.truth.TruthEvent.CREATE_REQUESTED).orElseThrow()).toList();
      assertThat(created.get(0).sentNanos()).isGreaterThanOrEqualTo(asked).isLessThanOrEqualTo(arrived.get(0));
      // one connection, no pipelining: a create goes out only after the one before it was answered, so after it
      // arrived; stamping when it was asked for would put all three before the first arrival
      for (int i = 1; i < created.size(); i++) {
        assertThat(created.get(i).sentNanos()).isGreaterThan(arrived.get(i - 1)).isLessThanOrEqualTo(arrived.get(i));
      }
    } finally {
      oneConnection.close();
    }
  }
}
