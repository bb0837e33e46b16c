package io.loadstone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loadstone.cluster.Nodes;
import io.loadstone.cluster.RunFiles;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestrator of a cluster run killed mid-run ({@code kill -9}) against a platform that outlives it (a sandbox
 * in this JVM playing the real one): its workers notice, take no more work and terminate the sessions they own
 * (one keeps them, as {@code --keep-sessions} says); {@code cleanup --run} then leaves no session and no object.
 * And a worker that cannot reach its cluster says so and exits 3.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class OrchestratorLossTest {
  private static final String SANDBOX = """
      agents: 2
      timings: {heartbeatInterval: 1s, staleAfter: 10s, podReadyPollInterval: 50ms}
      pods: {scheduleDelay: 10ms, readyDelay: {median: 200ms, p99: 800ms}, deleteGrace: {median: 50ms, p99: 150ms}, controllerDelay: 5ms}
      """;

  @Test
  void workersTerminateTheirSessionsAndCleanupRemovesTheRest(@TempDir Path dir) throws Exception {
    CleanupFixture fx = new CleanupFixture(SANDBOX);
    try (Nodes nodes = new Nodes(dir)) {
      Path target = fx.targetFile(dir);
      String targetBlock = Files.readAllLines(target).stream().map(l -> "  " + l).collect(Collectors.joining("\n"));
      Path plan = dir.resolve("plan.yaml");
      Files.writeString(plan, RunFiles.plan("orchestrator-loss", 20, "5m", "target:\n" + targetBlock + "\n"));
      int port = Nodes.freePort();
      Process run = nodes.start("run", "run", plan.toString(), "--out", "out", "--cluster", "--cluster-port",
          String.valueOf(port), "--cluster-name", nodes.clusterName, "--min-workers", "2", "--worker-wait", "90s");
      nodes.start("w1", "worker", "--join", "127.0.0.1:" + port, "--cluster-port", String.valueOf(Nodes.freePort()),
          "--cluster-name", nodes.clusterName, "--name", "w1", "--capacity", "10");
      nodes.start("w2", "worker", "--join", "127.0.0.1:" + port, "--cluster-port", String.valueOf(Nodes.freePort()),
          "--cluster-name", nodes.clusterName, "--name", "w2", "--capacity", "10", "--keep-sessions");
      Path events = dir.resolve("out/events.jsonl");
      await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200)).until(() ->
          RunFiles.events(events).stream().filter(e -> "running".equals(e.getString("phase"))).count() == 20
              || !run.isAlive());
      assertThat(run.isAlive()).as(nodes.output("run")).isTrue();
      Matcher m = Pattern.compile("run (\\d{8}-\\d{6}-[0-9a-z]{4}):").matcher(nodes.output("run"));
      assertThat(m.find()).as(nodes.output("run")).isTrue();
      String runId = m.group(1);
      nodes.kill("run");

      Map<String, List<String>> byWorker = RunFiles.events(events).stream()
          .filter(e -> "created".equals(e.getString("phase")))
          .collect(Collectors.groupingBy(e -> e.getString("node"),
              Collectors.mapping(e -> e.getString("platformSession"), Collectors.toList())));
      assertThat(byWorker.get("w1")).hasSize(10);
      assertThat(byWorker.get("w2")).hasSize(10);
      // w1 terminates what it owns; w2 keeps its sessions running
      await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> byWorker.get("w1")
          .forEach(id -> assertThat(fx.objects(id)).as(id).isEmpty()));
      byWorker.get("w2").forEach(id -> assertThat(fx.objects(id)).as(id).hasSize(3));
      assertThat(nodes.output("w1")).contains("orchestrator lost: terminating its sessions");
      assertThat(nodes.output("w2")).contains("orchestrator lost: leaving its sessions running");
      assertThat(nodes.process("w1").isAlive()).as("a worker outlives the run, waiting for the next").isTrue();

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      var cl = Main.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      int exit = cl.execute("cleanup", "--run", runId, "--target", target.toString(), "--events", events.toString());

      assertThat(exit).as(out + "\n" + err).isZero();
      byWorker.values().stream().flatMap(List::stream)
          .forEach(id -> assertThat(fx.objects(id)).as(id).isEmpty());
      assertThat(out.toString()).contains("20 of 20 sessions gone, nothing left");
    } finally {
      fx.close();
    }
  }

  @Test
  void aWorkerThatCannotReachItsClusterExitsWith3(@TempDir Path dir) throws Exception {
    try (Nodes nodes = new Nodes(dir)) {
      int nobody = Nodes.freePort();
      Process worker = nodes.start("w", "worker", "--join", "127.0.0.1:" + nobody, "--cluster-port",
          String.valueOf(Nodes.freePort()), "--cluster-name", nodes.clusterName, "--name", "lonely");
      assertThat(worker.waitFor(120, TimeUnit.SECONDS)).as("gave up").isTrue();
      assertThat(worker.exitValue()).isEqualTo(3);
      assertThat(nodes.output("w")).contains("loadstone: worker lonely could not reach the cluster \""
          + nodes.clusterName + "\" at 127.0.0.1:" + nobody + " (no member answered)");
    }
  }
}
