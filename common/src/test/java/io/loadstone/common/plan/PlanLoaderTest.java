package io.loadstone.common.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.criteria.Operator;
import io.loadstone.common.plan.criteria.Statistic;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanLoaderTest {
  static final Path PLANS = Path.of("..", "plans");

  @Test
  void concurrentSessionsPlanLoadsAsTheIssueDescribes() {
    Plan plan = PlanLoader.load(PLANS.resolve("test-1.3-concurrent-sessions.yaml"));
    assertThat(plan.name()).isEqualTo("test-1.3-concurrent-sessions");
    assertThat(plan.usesSandbox()).isTrue();
    assertThat(plan.sessions()).isEqualTo(new Sessions(5, "admin", "firefox-browser", new Resources("512Mi", "250m"), false));
    assertThat(plan.arrival()).isInstanceOf(Arrival.Burst.class);
    assertThat(plan.hold()).isEqualTo(Duration.ofSeconds(10));
    assertThat(plan.checks()).containsExactly(Check.ISOLATION, Check.VNC);
    assertThat(plan.timeouts()).isEqualTo(Timeouts.DEFAULTS);
    assertThat(plan.criteria()).extracting(c -> c.metric().name() + " " + c.expression())
        .containsExactly("running.rate == 100%", "podReady p95 < 30s", "cleanedUp max < 30s", "leaked == 0");
    assertThat(plan.criteria().get(1).statistic()).isEqualTo(Statistic.P95);
    assertThat(plan.criteria().get(1).operator()).isEqualTo(Operator.LT);
    assertThat(plan.criteria().get(1).threshold()).isEqualTo(30_000.0);
    assertThat(plan.summary()).isEqualTo("5 sessions, burst, 4 criteria");
  }

  @Test
  void lostStartPlanCarriesItsFaultToTheSandbox() {
    Plan plan = PlanLoader.load(PLANS.resolve("test-1.3-lost-start.yaml"));
    assertThat(plan.sandbox().faultCount()).isEqualTo(1);
    assertThat(plan.sandbox().config().get("faults").get(0).get("kind").asText()).isEqualTo("drop-start-command");
    assertThat(plan.sessions().count()).isEqualTo(5);
  }

  @Test
  void minimalPlanGetsEveryDefault() {
    Plan plan = PlanLoader.parse("p.yaml", "name: t\nsessions: {count: 2, template: firefox-browser}\n");
    assertThat(plan.description()).isEmpty();
    assertThat(plan.target()).isNull();
    assertThat(plan.sandbox().config().isEmpty()).isTrue();
    assertThat(plan.sessions()).isEqualTo(new Sessions(2, "admin", "firefox-browser", new Resources("2Gi", "1000m"), true));
    assertThat(plan.arrival().kind()).isEqualTo("burst");
    assertThat(plan.hold()).isZero();
    assertThat(plan.checks()).containsExactly(Check.ISOLATION, Check.VNC);
    assertThat(plan.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(120),
        Duration.ofSeconds(150), Duration.ofSeconds(20), Duration.ofSeconds(60)));
    assertThat(plan.criteria()).isEmpty();
    assertThat(plan.summary()).isEqualTo("2 sessions, burst, 0 criteria");
  }

  @Test
  void partialTimeoutsAndResourcesKeepTheOtherDefaults() {
    Plan plan = PlanLoader.parse("p.yaml", """
        name: t
        sessions: {count: 1, template: firefox-browser, resources: {cpu: 0.5}}
        timeouts: {podReady: 1m30s}
        checks: []
        """);
    assertThat(plan.sessions().resources()).isEqualTo(new Resources("2Gi", "0.5"));
    assertThat(plan.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(90),
        Duration.ofSeconds(150), Duration.ofSeconds(20), Duration.ofSeconds(60)));
    assertThat(plan.checks()).isEmpty();
  }

  @Test
  void targetPlanHasNoSandboxAndCreatesSessionsForItsUser() {
    Plan plan = PlanLoader.parse("p.yaml", """
        name: real
        target: {api: "https://streamspace.example.com/", username: ops, passwordEnv: STREAMSPACE_PASSWORD, kubeconfig: ~/.kube/config}
        sessions: {count: 1, template: firefox-browser}
        """);
    assertThat(plan.usesSandbox()).isFalse();
    assertThat(plan.sandbox()).isNull();
    assertThat(plan.target()).isEqualTo(new Target(URI.create("https://streamspace.example.com"), "ops",
        "STREAMSPACE_PASSWORD", null, "~/.kube/config", "streamspace"));
    assertThat(plan.target().kubeconfigPath()).contains(Path.of(System.getProperty("user.home"), ".kube", "config"));
    assertThat(plan.sessions().users()).containsExactly("ops");
  }

  @Test
  void usersListedOrGeneratedTakeTheSessionsInTurn() {
    Plan listed = PlanLoader.parse("plan.yaml", "name: t\nsessions: {count: 5, users: [ann, bob], template: firefox-browser}\n");
    assertThat(listed.sessions().users()).containsExactly("ann", "bob");
    assertThat(java.util.stream.IntStream.rangeClosed(1, 5).mapToObj(listed.sessions()::userOf))
        .containsExactly("ann", "bob", "ann", "bob", "ann");
    Plan generated = PlanLoader.parse("plan.yaml", "name: t\nsessions: {count: 3, users: {prefix: load-, count: 12},"
        + " template: firefox-browser}\n");
    assertThat(generated.sessions().users()).hasSize(12).startsWith("load-01", "load-02").endsWith("load-12");
    assertThat(generated.sessions().userOf(13)).isEqualTo("load-01");
  }

  @Test
  void podReadyShorthandBecomesThePodsReadyDelay() {
    Plan plan = PlanLoader.parse("p.yaml", """
        name: t
        sandbox: {agents: 2, podReady: {median: 6s, p99: 20s}, pods: {deleteGrace: 1s}}
        sessions: {count: 1, template: firefox-browser}
        """);
    assertThat(plan.sandbox().configJson())
        .isEqualTo("{\"agents\":2,\"pods\":{\"deleteGrace\":\"1s\",\"readyDelay\":{\"median\":\"6s\",\"p99\":\"20s\"}}}");
  }

  @Test
  void redeliverCommandsTheRestartDelayAndAgentFaultsReachTheSandboxAsWritten() {
    Plan plan = PlanLoader.parse("p.yaml", """
        name: t
        sandbox:
          agents: 2
          redeliverCommands: true
          timings: {agentRestartDelay: 500ms}
          faults:
            - {kind: agent-disconnect, agent: k8s-agent-2, for: 20s}
            - {kind: agent-crash-loop, period: 4m}
        sessions: {count: 1, template: firefox-browser}
        """);
    assertThat(plan.sandbox().config().get("redeliverCommands").asBoolean()).isTrue();
    assertThat(plan.sandbox().config().get("timings").get("agentRestartDelay").asText()).isEqualTo("500ms");
    assertThat(plan.sandbox().faultCount()).isEqualTo(2);
  }

  @Test
  void podReadyAndReadyDelayTogetherAreAmbiguous() {
    InvalidPlanException e = catchThrowableOfType(InvalidPlanException.class, () -> PlanLoader.parse("p.yaml", """
        name: t
        sandbox: {podReady: 6s, pods: {readyDelay: 2s}}
        sessions: {count: 1, template: firefox-browser}
        """));
    assertThat(e.problems()).containsExactly("sandbox.podReady: expected either podReady or pods.readyDelay, got both");
  }

  @Test
  void sandboxCheckSeesTheNormalisedBlockAndItsProblemsNameThePlanField() {
    AtomicReference<String> seen = new AtomicReference<>();
    SandboxCheck check = config -> {
      seen.set(config.toString());
      return List.of("pods.readyDelay: expected p99 >= median, got 1s", "faults[0].count: expected an integer >= 1, got 0");
    };
    InvalidPlanException e = catchThrowableOfType(InvalidPlanException.class, () -> PlanLoader.parse("p.yaml", """
        name: t
        sandbox: {podReady: {median: 6s, p99: 1s}, faults: [{kind: drop-start-command, count: 0}]}
        sessions: {count: 1, template: firefox-browser}
        """, check));
    assertThat(seen.get()).contains("\"readyDelay\"").doesNotContain("podReady");
    assertThat(e.problems()).containsExactly("sandbox.podReady: expected p99 >= median, got 1s",
        "sandbox.faults[0].count: expected an integer >= 1, got 0");
  }

  @Test
  void sandboxCheckIsSkippedWhileTheBlockHasShapeProblems() {
    AtomicReference<Boolean> called = new AtomicReference<>(false);
    assertThatThrownBy(() -> PlanLoader.parse("p.yaml", """
        name: t
        sandbox: {agentz: 2}
        sessions: {count: 1, template: firefox-browser}
        """, config -> {
          called.set(true);
          return List.of("agentz: unknown field");
        })).isInstanceOf(InvalidPlanException.class);
    assertThat(called.get()).isFalse();
  }

  @Test
  void sandboxBlockNeverPrintsItsPasswords() {
    Plan plan = PlanLoader.parse("p.yaml", """
        name: t
        sandbox: {adminPassword: s3cret-admin, users: [{username: bob, password: s3cret-bob}]}
        sessions: {count: 1, template: firefox-browser}
        """);
    assertThat(plan.toString()).doesNotContain("s3cret").contains("adminPassword");
    assertThat(plan.sandbox().configJson()).contains("s3cret-admin");
  }

  @Test
  void missingFileIsOneProblemNamingTheFile(@TempDir Path dir) {
    Path file = dir.resolve("nope.yaml");
    InvalidPlanException e = catchThrowableOfType(InvalidPlanException.class, () -> PlanLoader.load(file));
    assertThat(e.lines()).containsExactly(file + ": file not found");
  }

  @Test
  void problemsArePrefixedWithTheFileAsGiven(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("plan.yaml");
    Files.writeString(file, "name: t\nsessions: {count: 0, template: firefox-browser}\n");
    InvalidPlanException e = catchThrowableOfType(InvalidPlanException.class, () -> PlanLoader.load(file));
    assertThat(e.lines()).containsExactly(file + ": sessions.count: expected an integer >= 1, got 0");
    assertThat(e.getMessage()).isEqualTo(file + ": 1 problem\n  " + file + ": sessions.count: expected an integer >= 1, got 0");
  }

  @Test
  void criteriaKeepPlanOrderAndAcceptASingleExpression() {
    Plan plan = PlanLoader.parse("p.yaml", """
        name: t
        sessions: {count: 1, template: firefox-browser}
        criteria:
          leaked: "== 0"
          podReady: ["p50 <= 2s", "p99 < 1m"]
          tunnelUp.rate: [">= 99.5%"]
          running: ["count == 5"]
          retained.pvc: ["== 0"]
        """);
    assertThat(plan.criteria()).extracting(Object::toString).containsExactly("leaked: == 0", "podReady: p50 <= 2s",
        "podReady: p99 < 1m", "tunnelUp.rate: >= 99.5%", "running: count == 5", "retained.pvc: == 0");
    assertThat(plan.criteria().get(3).metric().phase()).isEqualTo(Phase.TUNNEL_UP);
    assertThat(plan.criteria().get(3).threshold()).isEqualTo(0.995);
  }
}
