package io.loadstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A plan's {@code steps:} carried out by {@code loadstone run} in this JVM against the embedded sandbox. */
class StepsRunTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Path plan, Path dir) {
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute("run", plan.toString(), "--out", dir.toString());
  }

  private static Path plan(Path dir, String body) throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, """
        name: steps
        sessions: {count: 4, template: firefox-browser, resources: {memory: 512Mi, cpu: 250m}, persistentHome: false}
        checks: [isolation]
        """ + body + "sandbox:\n" + RunPlans.FAST_SANDBOX);
    return plan;
  }

  private static List<JsonObject> steps(JsonObject results) {
    return results.getJsonArray("steps").stream().map(JsonObject.class::cast).toList();
  }

  @Test
  @Timeout(60)
  void terminateAndCreateSessionsCutHoldsAndAddSessions(@TempDir Path tmp) throws Exception {
    // a hold far longer than the test's timeout: the run can only end because the steps cut every hold short
    Path plan = plan(tmp, """
        hold: 10m
        criteria: {running.rate: ["== 100%"], cleanedUp: ["count == 6"]}
        steps:
          - {after: running, do: terminate-sessions, count: 2}
          - {after: running, do: create-sessions, count: 2}
          - {after: running, do: terminate-sessions, count: 4}
        """);
    Path dir = tmp.resolve("out");

    assertThat(run(plan, dir)).as(err.toString()).isZero();

    JsonObject results = new JsonObject(Files.readString(dir.resolve("results.json")));
    List<JsonObject> steps = steps(results);
    assertThat(steps).extracting(s -> s.getString("status")).containsExactly("done", "done", "done");
    assertThat(steps.get(0).getString("detail")).isEqualTo("ended the hold of 2 of 2 asked: s0001, s0002");
    assertThat(steps.get(1).getString("detail")).isEqualTo("added s0005, s0006");
    assertThat(steps.get(2).getString("detail")).isEqualTo("ended the hold of 4 of 4 asked: s0003, s0004, s0005, s0006");
    JsonArray sessions = results.getJsonArray("sessions");
    assertThat(sessions).hasSize(6);
    assertThat(sessions.stream().map(JsonObject.class::cast).map(s -> s.getString("outcome"))).containsOnly("completed");
    assertThat(results.getJsonObject("counts").getInteger("planned")).isEqualTo(6);
    assertThat(results.getJsonArray("criteria").stream().map(JsonObject.class::cast).map(c -> c.getString("metric")))
        .containsExactly("running.rate", "cleanedUp", "step 1", "step 2", "step 3");
    assertThat(Files.readString(dir.resolve("report.md"))).contains("## Steps").contains("added s0005, s0006");
    // the agent each session went to is in its events, so a terminate-sessions step can pick an agent's sessions
    assertThat(Files.readAllLines(dir.resolve("events.jsonl"))).allMatch(l -> l.contains("\"agent\":\"k8s-agent-"));
  }

  @Test
  @Timeout(60)
  void aFaultStepFiresOnTimeByTheSandboxsTruth(@TempDir Path tmp) throws Exception {
    Path plan = plan(tmp, """
        hold: 2s
        criteria: {running.rate: ["== 100%"]}
        steps:
          - {at: 1500ms, do: drop-start-command, count: 1}
        """);
    Path dir = tmp.resolve("out");

    assertThat(run(plan, dir)).as(err.toString()).isZero();

    JsonObject step = steps(new JsonObject(Files.readString(dir.resolve("results.json")))).get(0);
    assertThat(step.getString("status")).isEqualTo("done");
    assertThat(step.getDouble("firedMs")).isBetween(1500.0, 1600.0);
    JsonObject added = new JsonObject(Files.readString(dir.resolve("sandbox-truth.json"))).getJsonArray("faults")
        .stream().map(JsonObject.class::cast).filter(f -> "added".equals(f.getString("event"))
            && "drop-start-command".equals(f.getJsonObject("spec").getString("kind"))).findFirst().orElseThrow();
    long sandboxGotItAfterNanos = added.getLong("nanos") - step.getLong("firedNanos");
    assertThat(sandboxGotItAfterNanos).isBetween(0L, 100_000_000L);
  }

  @Test
  @Timeout(60)
  void aWaitThatTimesOutFailsTheRunAndSkipsTheRest(@TempDir Path tmp) throws Exception {
    Path plan = plan(tmp, """
        hold: 300ms
        criteria: {running.rate: ["== 100%"]}
        steps:
          - {after: agent-offline, agent: k8s-agent-1, timeout: 1s, do: terminate-sessions, count: 1}
          - {at: 0s, do: create-sessions, count: 1}
        """);
    Path dir = tmp.resolve("out");

    assertThat(run(plan, dir)).as(err.toString()).isEqualTo(1);

    JsonObject results = new JsonObject(Files.readString(dir.resolve("results.json")));
    List<JsonObject> steps = steps(results);
    assertThat(steps).extracting(s -> s.getString("status")).containsExactly("timed out", "skipped");
    assertThat(steps.get(0).getString("detail")).startsWith("agent-offline of k8s-agent-1 not observed within 1s");
    assertThat(steps.get(0).getValue("firedMs")).isNull();
    // the steps show in the progress line (a step waiting: "step 1/2 after agent-offline of k8s-agent-1, 12s")
    assertThat(err.toString()).contains("| steps 0/2 done");
    assertThat(results.getJsonArray("sessions")).hasSize(4);
    assertThat(results.getString("verdict")).isEqualTo("failed");
    assertThat(Files.readString(dir.resolve("junit.xml"))).contains("step 1");
  }

  @Test
  void aFaultStepNamingAnUnknownAgentIsAnInvalidPlan(@TempDir Path tmp) throws Exception {
    Path plan = plan(tmp, """
        steps:
          - {at: 1s, do: heartbeat-stall, agent: k8s-agent-7, for: 2s}
        """);

    assertThat(run(plan, tmp.resolve("out"))).isEqualTo(2);

    assertThat(err.toString()).contains("steps[0].agent");
  }

  @Test
  @Timeout(90)
  void terminateSessionsReachesTheWorkersOfACluster(@TempDir Path tmp) throws Exception {
    // the holds end only if the end-hold messages reach the worker nodes over the clustered event bus
    Path plan = plan(tmp, """
        hold: 10m
        criteria: {running.rate: ["== 100%"]}
        steps:
          - {after: running, do: terminate-sessions, count: 4}
        """);
    Path dir = tmp.resolve("out");
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));

    int exit = cl.execute("run", plan.toString(), "--out", dir.toString(), "--cluster", "--local-workers", "2",
        "--min-workers", "2", "--cluster-port", String.valueOf(io.loadstone.cluster.Nodes.freePort()));

    assertThat(exit).as(err.toString()).isZero();
    JsonObject results = new JsonObject(Files.readString(dir.resolve("results.json")));
    assertThat(steps(results).get(0).getString("status")).isEqualTo("done");
    assertThat(results.getJsonArray("workers")).hasSize(2);
    assertThat(results.getJsonArray("sessions").stream().map(JsonObject.class::cast)
        .map(s -> s.getString("outcome"))).containsExactly("completed", "completed", "completed", "completed");
  }
}
