package io.loadstone.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three processes (orchestrator with the embedded sandbox, two workers) on loopback: a worker lost mid-run, by
 * {@code kill -9} or drained by SIGTERM, loses no session and counts no phase twice.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class WorkerLossTest {
  private static final int SESSIONS = 120;

  @Test
  void aWorkerKilledWithFiftyLiveSessionsLosesNothingAndCountsNothingTwice(@TempDir Path dir) throws Exception {
    try (Nodes nodes = new Nodes(dir)) {
      Path events = dir.resolve("out/events.jsonl");
      Process run = runUntilFiftyLiveOnW1(nodes, "kill", "user: admin", events);
      long liveWhenKilled = RunFiles.liveOn(events, "w1");
      nodes.kill("w1");
      Set<String> runningOnW1 = RunFiles.events(events).stream()
          .filter(e -> "w1".equals(e.getString("node")) && "running".equals(e.getString("phase")))
          .map(e -> e.getString("session")).collect(Collectors.toSet());

      assertThat(run.waitFor(200, TimeUnit.SECONDS)).as("run finished").isTrue();
      assertThat(run.exitValue()).as(nodes.output("run")).isZero();
      JsonObject results = RunFiles.json(dir.resolve("out/results.json"));
      assertEverySessionOnceAndNothingLeft(results, events);
      assertThat(results.getInteger("recovered")).isGreaterThanOrEqualTo((int) liveWhenKilled);
      JsonObject w1 = worker(results, "w1");
      assertThat(w1.getString("lostAt")).as("the lost worker is named with when it left").isNotNull();
      List<JsonObject> adopted = sessions(results).stream().filter(s -> s.getInteger("attempts") > 1).toList();
      assertThat(adopted).hasSizeGreaterThanOrEqualTo((int) liveWhenKilled)
          .allSatisfy(s -> assertThat(s.getString("worker")).isEqualTo("w2"));
      // the lost worker's measurements are kept: the running times w1 took before it died are in the report
      assertThat(adopted.stream().filter(s -> runningOnW1.contains(s.getString("id"))))
          .hasSizeGreaterThanOrEqualTo((int) liveWhenKilled)
          .allSatisfy(s -> assertThat(s.getJsonObject("phases").getValue("running")).isNotNull());
      assertThat(Files.readString(dir.resolve("out/report.md"))).contains("left the cluster at")
          .as("one user: the report says why each worker observed every session")
          .contains("each of the 2 workers observed every session of the run");
      // the sessions starting over on w2 get a whole lifecycle from the loss, not what was left of the first one
      assertThat(nodes.output("run")).contains("a worker was lost; the safety timeout now ends the run");
    }
  }

  /**
   * The work split by user: each worker observes only its users' sessions, and the survivor takes over the killed
   * worker's users (and opens informers for them) before it adopts their sessions.
   */
  @Test
  void aKilledWorkersUsersAndSessionsAreTakenOverWhenTheWorkIsSplitByUser(@TempDir Path dir) throws Exception {
    try (Nodes nodes = new Nodes(dir)) {
      Path events = dir.resolve("out/events.jsonl");
      Process run = runUntilFiftyLiveOnW1(nodes, "split", "users: {prefix: load-, count: 6}", events);
      Set<String> usersOfW1 = usersOn(events, "w1");
      Set<String> usersOfW2 = usersOn(events, "w2");
      assertThat(usersOfW1).as("each worker ran only its own users' sessions").isNotEmpty()
          .doesNotContainAnyElementsOf(usersOfW2);
      // equal capacities: three users each
      assertThat(nodes.output("w2")).contains("observing the sessions of 3 more users (3 in all)");
      nodes.kill("w1");

      assertThat(run.waitFor(200, TimeUnit.SECONDS)).as("run finished").isTrue();
      assertThat(run.exitValue()).as(nodes.output("run")).isZero();
      JsonObject results = RunFiles.json(dir.resolve("out/results.json"));
      assertEverySessionOnceAndNothingLeft(results, events);
      assertThat(nodes.output("w2")).as("w2 observes w1's users once they are its own")
          .contains("observing the sessions of 3 more users (6 in all)");
      assertThat(sessions(results).stream().filter(s -> s.getInteger("attempts") > 1)).isNotEmpty()
          .allSatisfy(s -> assertThat(s.getString("worker")).isEqualTo("w2"));
      assertThat(Files.readString(dir.resolve("out/report.md"))).doesNotContain("observed every session");
    }
  }

  @Test
  void aWorkerDrainedBySigtermHandsItsSessionsBack(@TempDir Path dir) throws Exception {
    try (Nodes nodes = new Nodes(dir)) {
      Process run = startRunAndWorkers(nodes, "drain", "user: admin");
      Path events = dir.resolve("out/events.jsonl");
      await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200))
          .until(() -> RunFiles.liveOn(events, "w1") >= 30 || !run.isAlive());
      assertThat(run.isAlive()).as(nodes.output("run")).isTrue();
      Process w1 = nodes.process("w1");
      w1.destroy(); // SIGTERM, as a supervisor stopping the node
      assertThat(w1.waitFor(90, TimeUnit.SECONDS)).as("drained and stopped").isTrue();
      assertThat(w1.exitValue()).as("a finished drain is a clean stop").isZero();
      assertThat(nodes.output("w1")).contains("worker w1 drained").contains("handed back to the orchestrator");

      assertThat(run.waitFor(200, TimeUnit.SECONDS)).as("run finished").isTrue();
      assertThat(run.exitValue()).as(nodes.output("run")).isZero();
      JsonObject results = RunFiles.json(dir.resolve("out/results.json"));
      assertEverySessionOnceAndNothingLeft(results, events);
      assertThat(results.getInteger("recovered")).isPositive();
      assertThat(sessions(results).stream().filter(s -> s.getInteger("attempts") > 1))
          .allSatisfy(s -> assertThat(s.getString("worker")).isEqualTo("w2"));
    }
  }

  /** The platform users of the sessions a worker ran, from their ids ({@code <user>-<template>-<8 hex>}). */
  private static Set<String> usersOn(Path events, String worker) throws Exception {
    return RunFiles.events(events).stream()
        .filter(e -> worker.equals(e.getString("node")) && e.getString("platformSession") != null)
        .map(e -> e.getString("platformSession").replaceFirst("-firefox-browser-[0-9a-f]{8}$", ""))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** The run and both workers started, once w1 has at least 50 sessions under way (the run still going). */
  private static Process runUntilFiftyLiveOnW1(Nodes nodes, String name, String users, Path events) throws Exception {
    Process run = startRunAndWorkers(nodes, name, users);
    await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200))
        .until(() -> RunFiles.liveOn(events, "w1") >= 50 || !run.isAlive());
    assertThat(run.isAlive()).as(nodes.output("run")).isTrue();
    return run;
  }

  private static Process startRunAndWorkers(Nodes nodes, String name, String users) throws Exception {
    Path plan = nodes.dir.resolve(name + ".yaml");
    Files.writeString(plan, RunFiles.plan("cluster-" + name, SESSIONS, "12s", RunFiles.SANDBOX)
        .replace("user: admin", users));
    int port = Nodes.freePort();
    Process run = nodes.start("run", "run", plan.toString(), "--out", "out", "--cluster", "--cluster-port",
        String.valueOf(port), "--cluster-name", nodes.clusterName, "--min-workers", "2", "--worker-wait", "90s");
    for (String worker : List.of("w1", "w2")) {
      nodes.start(worker, "worker", "--join", "127.0.0.1:" + port, "--cluster-port", String.valueOf(Nodes.freePort()),
          "--cluster-name", nodes.clusterName, "--name", worker, "--capacity", String.valueOf(SESSIONS / 2));
    }
    return run;
  }

  private static void assertEverySessionOnceAndNothingLeft(JsonObject results, Path events) {
    List<JsonObject> sessions = sessions(results);
    assertThat(sessions).hasSize(SESSIONS);
    assertThat(sessions.stream().map(s -> s.getString("id")).collect(Collectors.toSet())).hasSize(SESSIONS);
    assertThat(sessions).allSatisfy(s -> assertThat(s.getString("outcome")).as(s.encode()).isEqualTo("completed"));
    JsonObject counts = results.getJsonObject("counts");
    assertThat(counts.getLong("planned")).isEqualTo(SESSIONS);
    assertThat(counts.getLong("running")).isEqualTo(SESSIONS);
    assertThat(counts.getLong("cleanedUp")).isEqualTo(SESSIONS);
    assertThat(counts.getLong("leaked")).as("nothing left on the platform").isZero();
    // every session reached every phase; each time measured on one node's clock is in the histogram exactly once
    // (nothing lost with the dead node, nothing twice); phases an adopter found already reached are untimed (null)
    JsonObject phases = results.getJsonObject("phases");
    for (String phase : List.of("created", "provisioned", "podReady", "running", "tunnelUp", "cleanedUp")) {
      assertThat(sessions).allSatisfy(s -> assertThat(s.getJsonObject("phases").containsKey(phase)).as(phase).isTrue());
      long timed = sessions.stream().filter(s -> s.getJsonObject("phases").getValue(phase) != null).count();
      assertThat(phases.getJsonObject(phase).getLong("count")).as(phase).isEqualTo(timed);
      assertThat(sessions.stream().filter(s -> s.getInteger("attempts") == 1))
          .allSatisfy(s -> assertThat(s.getJsonObject("phases").getValue(phase)).as(phase + " of " + s.encode())
              .isNotNull());
    }
    // and in events.jsonl, a timed phase appears once per session whatever the attempts
    Set<String> timed = new HashSet<>();
    for (JsonObject e : RunFiles.events(events)) {
      if (e.getDouble("elapsedMs") >= 0 && !"terminated".equals(e.getString("phase"))) {
        assertThat(timed.add(e.getString("session") + "/" + e.getString("phase"))).as(e.encode()).isTrue();
      }
    }
  }

  private static List<JsonObject> sessions(JsonObject results) {
    JsonArray array = results.getJsonArray("sessions");
    return array.stream().map(JsonObject.class::cast).toList();
  }

  private static JsonObject worker(JsonObject results, String name) {
    return results.getJsonArray("workers").stream().map(JsonObject.class::cast)
        .filter(w -> name.equals(w.getString("name"))).findFirst().orElseThrow();
  }
}
