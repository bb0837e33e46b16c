package io.loadstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  private static final String CONCURRENT = Path.of("..", "plans", "test-1.3-concurrent-sessions.yaml").toString();
  private static final String LOST_START = Path.of("..", "plans", "test-1.3-lost-start.yaml").toString();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir
  Path dir;

  private int run(String... args) {
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private String write(String name, String yaml) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml);
    return file.toString();
  }

  @Test
  void shippedPlansAreValid() {
    assertThat(run("validate", CONCURRENT, LOST_START)).isZero();
    assertThat(out.toString().lines()).containsExactly(
        CONCURRENT + ": valid (5 sessions, burst, 4 criteria)",
        LOST_START + ": valid (5 sessions, burst, 4 criteria)");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void invalidPlanExitsTwoWithEveryProblemOnStderr() throws Exception {
    String plan = write("plan.yaml", "name: t\nsesions: {count: 5}\nhold: -5s\n");
    assertThat(run("validate", plan)).isEqualTo(2);
    assertThat(err.toString().lines()).containsExactly(
        plan + ": sesions: unknown field (did you mean \"sessions\"?)",
        plan + ": hold: expected a duration >= 0 like \"10s\", got \"-5s\"",
        plan + ": invalid (2 problems)");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void everyPlanIsCheckedEvenAfterAnInvalidOne() throws Exception {
    String bad = write("bad.yaml", "name: t\nsessions: {count: 0, template: firefox-browser}\n");
    assertThat(run("validate", bad, CONCURRENT)).isEqualTo(2);
    assertThat(err.toString().lines()).containsExactly(
        bad + ": sessions.count: expected an integer >= 1, got 0", bad + ": invalid (1 problem)");
    assertThat(out.toString().lines()).containsExactly(CONCURRENT + ": valid (5 sessions, burst, 4 criteria)");
  }

  @Test
  void sandboxBlockIsCheckedWithTheSandboxRules() throws Exception {
    String plan = write("plan.yaml", """
        name: t
        sandbox:
          agents: -1
          faults: [{kind: drop-start, count: 1}]
          timings: {heartbeatIntervl: 1s}
        sessions: {count: 1, template: firefox-browser}
        """);
    assertThat(run("validate", plan)).isEqualTo(2);
    assertThat(err.toString().lines()).containsExactly(
        plan + ": sandbox.agents: expected an integer from 0 to 1000, got -1",
        plan + ": sandbox.timings.heartbeatIntervl: unknown field (did you mean \"heartbeatInterval\"?); expected one of "
            + "agentRestartDelay, commandQueueCapacity, commandWorkers, heartbeatInterval, hubCheckInterval, pendingFailAfter, podReadyPollInterval, "
            + "podReadyTimeout, reconcilerInterval, reconnectBackoff, selectionWindow, staleAfter, terminatingGiveUpAfter, "
            + "terminatingResendAfter, tokenTtl, tunnelReadyTimeout, wsPingInterval, wsPongWait",
        plan + ": sandbox.faults[0].kind: expected one of drop-start-command, slow-pods, pod-never-ready, slow-delete, "
            + "retain-on-stop, vnc-cross-wire, agent-disconnect, agent-status-stuck-offline, command-lost-while-down, "
            + "heartbeat-stall, agent-crash-loop, got \"drop-start\"",
        plan + ": invalid (3 problems)");
  }

  @Test
  void podReadyProblemsFromTheSandboxNameThePlanField() throws Exception {
    String plan = write("plan.yaml", """
        name: t
        sandbox: {podReady: {min: 5s, max: 1s}}
        sessions: {count: 1, template: firefox-browser}
        """);
    assertThat(run("validate", plan)).isEqualTo(2);
    assertThat(err.toString().lines().findFirst().orElseThrow()).startsWith(plan + ": sandbox.podReady: expected ");
  }

  @Test
  void missingFileExitsTwoNamingIt() {
    String plan = dir.resolve("absent.yaml").toString();
    assertThat(run("validate", plan)).isEqualTo(2);
    assertThat(err.toString().lines()).containsExactly(plan + ": file not found", plan + ": invalid (1 problem)");
  }

  @Test
  void noPlanIsAUsageError() {
    assertThat(run("validate")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter: 'PLAN'").contains("Usage: loadstone validate");
  }

  @Test
  void helpDescribesOutputExitCodesAndTheReference() {
    assertThat(run("validate", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: loadstone validate").contains("PLAN...")
        .contains("expected WHAT, got FOUND").contains("docs/plan.md")
        .contains("0   every plan is valid").contains("2   a plan is invalid or unreadable, or bad usage");
  }

  @Test
  void mainHelpListsValidate() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("validate").contains("sandbox");
  }
}
