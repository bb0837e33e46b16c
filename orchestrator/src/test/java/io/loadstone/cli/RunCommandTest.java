package io.loadstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code loadstone run} end to end in this JVM, against the embedded sandbox (fast timings) and its faults. */
class RunCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static JsonObject results(Path dir) throws Exception {
    return new JsonObject(Files.readString(dir.resolve("results.json")));
  }

  private static List<JsonObject> failedSessions(JsonObject results) {
    return results.getJsonArray("sessions").stream().map(JsonObject.class::cast)
        .filter(s -> "failed".equals(s.getString("outcome"))).toList();
  }

  @Test
  @Timeout(60)
  void concurrentSessionsPlanPassesAndWritesEveryOutput(@TempDir Path tmp) throws Exception {
    Path plan = RunPlans.fast(tmp, "test-1.3-concurrent-sessions.yaml", Map.of());
    Path dir = tmp.resolve("out");

    assertThat(run("run", plan.toString(), "--out", dir.toString())).as(err.toString()).isZero();

    JsonObject results = results(dir);
    assertThat(results.getString("verdict")).isEqualTo("passed");
    assertThat(results.getInteger("exitCode")).isZero();
    JsonArray sessions = results.getJsonArray("sessions");
    assertThat(sessions).hasSize(5);
    for (Object o : sessions) {
      JsonObject s = (JsonObject) o;
      assertThat(s.getString("outcome")).isEqualTo("completed");
      assertThat(s.getJsonObject("phases").fieldNames()).containsExactlyInAnyOrder("created", "provisioned",
          "podReady", "running", "tunnelUp", "terminated", "cleanedUp");
      assertThat(s.getJsonObject("phases").getDouble("podReady"))
          .isGreaterThanOrEqualTo(s.getJsonObject("phases").getDouble("created"));
      assertThat(s.getJsonObject("isolation").getBoolean("ownObjects")).isTrue();
      assertThat(s.getJsonObject("isolation").getBoolean("limitsMatch")).isTrue();
    }
    assertThat(results.getJsonObject("counts").getLong("leaked")).isZero();
    assertThat(results.getJsonArray("criteria").stream().map(JsonObject.class::cast)
        .allMatch(c -> c.getBoolean("passed"))).isTrue();
    List<String> events = Files.readAllLines(dir.resolve("events.jsonl"));
    assertThat(events).hasSize(5 * 7);
    assertThat(new JsonObject(events.get(0)).getString("phase")).isEqualTo("created");
    assertThat(Files.readString(dir.resolve("report.md"))).contains("test-1.3-concurrent-sessions").contains("s0005");
    assertThat(Files.readString(dir.resolve("junit.xml"))).contains("<testcase");
    assertThat(new JsonObject(Files.readString(dir.resolve("sandbox-truth.json"))).getJsonObject("sessions"))
        .hasSize(5);
    assertThat(err.toString()).contains("cleanedUp 5");
  }

  @Test
  @Timeout(60)
  void sessionsOfSeveralUsersAreCreatedInTurnAndViewedByTheirOwners(@TempDir Path tmp) throws Exception {
    Path plan = RunPlans.fast(tmp, "test-1.3-concurrent-sessions.yaml", Map.of("user: admin", "users: [ann, bob, cy]"));
    Path dir = tmp.resolve("out");

    // the VNC check passes only with each owner's own token: the platform refuses anyone else (403)
    assertThat(run("run", plan.toString(), "--out", dir.toString())).as(err.toString()).isZero();

    JsonObject truth = new JsonObject(Files.readString(dir.resolve("sandbox-truth.json"))).getJsonObject("sessions");
    assertThat(truth.fieldNames().stream().map(id -> id.replaceFirst("-firefox-browser-[0-9a-f]{8}$", ""))
        .sorted().toList()).containsExactly("ann", "ann", "bob", "bob", "cy");
    assertThat(results(dir).getJsonObject("configuration").getJsonObject("sessions").getJsonArray("users"))
        .containsExactly("ann", "bob", "cy");
    assertThat(Files.readString(dir.resolve("report.md"))).contains("spread over 3 users in turn");
  }

  @Test
  @Timeout(60)
  void capacityRunsSessionsThatManyAtATime(@TempDir Path tmp) throws Exception {
    Path plan = RunPlans.fast(tmp, "test-1.3-concurrent-sessions.yaml", Map.of());
    Path dir = tmp.resolve("out");

    assertThat(run("run", plan.toString(), "--out", dir.toString(), "--capacity", "2")).as(err.toString()).isZero();

    assertThat(results(dir).getJsonArray("sessions").stream().map(JsonObject.class::cast)
        .allMatch(s -> "completed".equals(s.getString("outcome")))).isTrue();
    // the platform's own record: never more than 2 sessions between their create and their delete
    JsonObject truth = new JsonObject(Files.readString(dir.resolve("sandbox-truth.json"))).getJsonObject("sessions");
    assertThat(truth).hasSize(5);
    assertThat(mostLiveAtOnce(truth)).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("report.md")))
        .contains("at most 2 sessions ran at once (--capacity 2): the plan's 5 were created as slots freed");
  }

  @Test
  void capacityIsRefusedWhenBelowOneOrWithACluster(@TempDir Path tmp) throws Exception {
    Path plan = Path.of("..", "plans", "test-1.3-concurrent-sessions.yaml");
    assertThat(run("run", plan.toString(), "--out", tmp.resolve("a").toString(), "--capacity", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--capacity: expected >= 1, got 0");
    assertThat(run("run", plan.toString(), "--out", tmp.resolve("b").toString(), "--capacity", "3", "--cluster"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--capacity: a cluster run's capacity is its workers'");
    assertThat(Files.exists(tmp.resolve("a"))).isFalse();
    assertThat(Files.exists(tmp.resolve("b"))).isFalse();
  }

  /** The most sessions whose create had arrived and whose delete had not, at any instant of the truth. */
  private static int mostLiveAtOnce(JsonObject truthSessions) {
    List<long[]> spans = truthSessions.stream().map(e -> ((JsonObject) e.getValue()).getJsonObject("events"))
        .map(ev -> new long[] {ev.getJsonObject("createRequested").getLong("nanos"),
            ev.getJsonObject("deleteRequested").getLong("nanos")})
        .toList();
    int most = 0;
    for (long[] s : spans) {
      int live = (int) spans.stream().filter(o -> o[0] <= s[0] && s[0] < o[1]).count();
      most = Math.max(most, live);
    }
    return most;
  }

  @Test
  @Timeout(60)
  void lostStartPlanFailsWithStartCommandLost(@TempDir Path tmp) throws Exception {
    Path plan = RunPlans.fast(tmp, "test-1.3-lost-start.yaml", Map.of("provisioned: 30s", "provisioned: 1500ms"));
    Path dir = tmp.resolve("out");

    assertThat(run("run", plan.toString(), "--out", dir.toString())).as(err.toString()).isEqualTo(1);

    List<JsonObject> failed = failedSessions(results(dir));
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).getString("failedPhase")).isEqualTo("provisioned");
    JsonObject diagnosis = failed.get(0).getJsonObject("diagnosis");
    assertThat(diagnosis.getString("code")).isEqualTo("start-command-lost");
    assertThat(diagnosis.getJsonArray("evidence").encode()).contains("status online").contains("no Deployment");
    assertThat(Files.readString(dir.resolve("report.md"))).contains("start-command-lost");
  }

  @Test
  @Timeout(60)
  void crossWiredTunnelIsAnIsolationBreach(@TempDir Path tmp) throws Exception {
    // the shipped criteria do not gate on tunnelUp; this copy does, so the breach fails the run
    Path plan = RunPlans.fast(tmp, "test-1.3-concurrent-sessions.yaml",
        Map.of("leaked: [\"== 0\"]", "leaked: [\"== 0\"]\n  tunnelUp.rate: [\"== 100%\"]"));
    Files.writeString(plan, Files.readString(plan) + "  faults: [{kind: vnc-cross-wire, count: 1}]\n");
    Path dir = tmp.resolve("out");

    assertThat(run("run", plan.toString(), "--out", dir.toString())).as(err.toString()).isEqualTo(1);

    List<JsonObject> failed = failedSessions(results(dir));
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).getString("failedPhase")).isEqualTo("tunnelUp");
    assertThat(failed.get(0).getJsonObject("diagnosis").getString("code")).isEqualTo("vnc-cross-wired");
    assertThat(failed.get(0).getJsonObject("diagnosis").getJsonArray("evidence").encode())
        .contains("another session's desktop");
    assertThat(Files.readString(dir.resolve("report.md"))).contains("vnc-cross-wired");
  }

  @Test
  @Timeout(60)
  void podThatNeverBecomesReadyIsDiagnosedWithItsConditions(@TempDir Path tmp) throws Exception {
    Path plan = RunPlans.fast(tmp, "test-1.3-concurrent-sessions.yaml", Map.of("podReady: 120s", "podReady: 1500ms"));
    Files.writeString(plan, Files.readString(plan) + "  faults: [{kind: pod-never-ready, count: 1}]\n");
    Path dir = tmp.resolve("out");

    assertThat(run("run", plan.toString(), "--out", dir.toString())).as(err.toString()).isEqualTo(1);

    List<JsonObject> failed = failedSessions(results(dir));
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).getString("failedPhase")).isEqualTo("podReady");
    JsonObject diagnosis = failed.get(0).getJsonObject("diagnosis");
    assertThat(diagnosis.getString("code")).isEqualTo("pod-not-ready");
    assertThat(diagnosis.getJsonArray("evidence").encode()).contains("condition Ready=False")
        // read for that pod when the deadline passed: a worker runs no Event informer
        .containsPattern("Event on admin-firefox-browser-[0-9a-f]{8}-[^:]+: Normal Scheduled");
    assertThat(failed.get(0).getJsonObject("phases").containsKey("cleanedUp")).isTrue();
  }

  @Test
  @Timeout(60)
  void slowDeleteIsACleanupTimeoutNamingWhatRemains(@TempDir Path tmp) throws Exception {
    Path plan = RunPlans.fast(tmp, "test-1.3-concurrent-sessions.yaml", Map.of("cleanedUp: 60s", "cleanedUp: 500ms"));
    Files.writeString(plan, Files.readString(plan)
        + "  faults: [{kind: slow-delete, count: 1, delay: {median: 3s, p99: 3s}}]\n");
    Path dir = tmp.resolve("out");

    assertThat(run("run", plan.toString(), "--out", dir.toString())).as(err.toString()).isEqualTo(1);

    List<JsonObject> failed = failedSessions(results(dir));
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).getString("failedPhase")).isEqualTo("cleanedUp");
    JsonObject diagnosis = failed.get(0).getJsonObject("diagnosis");
    assertThat(diagnosis.getString("code")).isEqualTo("cleanup-timeout");
    assertThat(diagnosis.getJsonArray("evidence").encode()).contains("Pod " + failed.get(0).getString("platformSession") + "-").contains("terminating since");
    // the pod waits out its slow grace period, and its Deployment (deleted in the foreground) waits for it
    assertThat(results(dir).getJsonObject("resources").getJsonArray("leaked").stream().map(JsonObject.class::cast)
        .map(o -> o.getString("kind")).toList()).containsExactlyInAnyOrder("deployment", "pod");
  }

  @Test
  @Timeout(60)
  void unknownTemplateIsAnApiErrorWithStatusAndBody(@TempDir Path tmp) throws Exception {
    Path plan = RunPlans.fast(tmp, "test-1.3-concurrent-sessions.yaml",
        Map.of("template: firefox-browser", "template: no-such-template"));
    Path dir = tmp.resolve("out");

    assertThat(run("run", plan.toString(), "--out", dir.toString())).as(err.toString()).isEqualTo(1);

    List<JsonObject> failed = failedSessions(results(dir));
    assertThat(failed).hasSize(5);
    JsonObject diagnosis = failed.get(0).getJsonObject("diagnosis");
    assertThat(failed.get(0).getString("failedPhase")).isEqualTo("created");
    assertThat(diagnosis.getString("code")).isEqualTo("api-error");
    assertThat(diagnosis.getJsonArray("evidence").encode()).contains("answered 404").contains("Template not found");
  }

  @Test
  void invalidPlanExitsTwoWithEveryProblem(@TempDir Path tmp) throws Exception {
    Path plan = tmp.resolve("bad.yaml");
    Files.writeString(plan, "name: bad\nsessions: {count: 0, template: firefox-browser}\nhodl: 10s\n");

    assertThat(run("run", plan.toString(), "--out", tmp.resolve("out").toString())).isEqualTo(2);

    assertThat(err.toString()).contains(plan + ": hodl").contains("sessions.count").contains("invalid (2 problems)");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  @Timeout(30)
  void unreachableTargetExitsThreeWithOneLine(@TempDir Path tmp) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Path password = tmp.resolve("password");
    Files.writeString(password, "not-a-real-password\n");
    Path plan = tmp.resolve("target.yaml");
    Files.writeString(plan, "name: unreachable\ntarget: {api: http://127.0.0.1:" + closedPort
        + ", username: admin, passwordFile: " + password + "}\nsessions: {count: 1, template: firefox-browser}\n");
    Path dir = tmp.resolve("out");

    assertThat(run("run", plan.toString(), "--out", dir.toString())).isEqualTo(3);

    assertThat(err.toString()).contains("loadstone: platform unreachable").contains("127.0.0.1:" + closedPort)
        .doesNotContain("not-a-real-password");
    assertThat(results(dir).getString("verdict")).isEqualTo("error");
  }
}
