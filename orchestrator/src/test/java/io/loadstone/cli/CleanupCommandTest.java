package io.loadstone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loadstone cleanup --run} in this JVM against a sandbox playing the real platform: sessions a killed run left
 * behind are found from its {@code events.jsonl} and their tag, deleted, and watched until their objects are gone.
 */
@Timeout(60)
class CleanupCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CleanupFixture fx = new CleanupFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  private int cleanup(String... args) {
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("cleanup"));
    all.addAll(List.of(args));
    return cl.execute(all.toArray(String[]::new));
  }

  @Test
  void deletesEverySessionOfTheRunFromEventsAndTagsAndWaitsUntilTheirObjectsAreGone(@TempDir Path tmp)
      throws Exception {
    String run = "20261124-140000-c1e4";
    List<String> ids = fx.createRunning(6, run);
    List<String> bystander = fx.createRunning(1, "20261124-130000-0the");
    Path events = tmp.resolve("events.jsonl");
    List<String> lines = new ArrayList<>();
    // sessions 1-5 as the killed orchestrator logged them; the 6th only by its tag (its events never got written)
    for (int i = 0; i < 5; i++) {
      String slot = String.format("s%04d", i + 1);
      lines.add(CleanupFixture.eventLine(run, slot, 1, "created", ids.get(i)));
      lines.add(CleanupFixture.eventLine(run, slot, 1, "podReady", ids.get(i)));
    }
    lines.add(CleanupFixture.eventLine("20261124-130000-0the", "s0001", 1, "created", bystander.get(0)));
    String torn = CleanupFixture.eventLine(run, "s0002", 1, "running", ids.get(1));
    Files.writeString(events, String.join("\n", lines) + "\n" + torn.substring(0, torn.length() / 2));
    ids.forEach(id -> assertThat(fx.objects(id)).hasSize(3));

    int exit = cleanup("--run", run, "--target", fx.targetFile(tmp).toString(), "--events", events.toString());

    assertThat(exit).as(out + "\n" + err).isZero();
    ids.forEach(id -> assertThat(fx.objects(id)).as(id).isEmpty());
    assertThat(fx.objects(bystander.get(0))).as("another run's session").hasSize(3);
    String printed = out.toString();
    assertThat(printed).contains("6 sessions, 5 from " + events + ", 6 tagged loadstone-run=" + run + " (5 in both)");
    for (int i = 0; i < 5; i++) {
      assertThat(printed).containsPattern(String.format("s%04d attempt 1 %s \\(from events, tag\\): delete accepted "
          + "\\(HTTP 202, command cmd-[0-9a-f]+\\); removed Deployment %s, Service %s(, Pod %s-[a-z0-9-]+)+ in "
          + "\\d+\\.\\d\\ds", i + 1, ids.get(i), ids.get(i), ids.get(i), ids.get(i)));
    }
    assertThat(printed).contains("(slot unknown) " + ids.get(5) + " (from tag): delete accepted")
        .contains("retained by design: 6 home PVCs, 6 Session CRs").contains("leaked: none")
        .contains("cleanup of run " + run + ": 6 of 6 sessions gone, nothing left")
        .doesNotContain(bystander.get(0));
    assertThat(err.toString()).contains("loadstone: warning: " + events + ": line 12: skipped, torn");
    assertThat(printed + err).doesNotContain(fx.ep.password());
  }

  @Test
  void aSessionStillTerminatingAtTheTimeoutIsNamedAndExitsOne(@TempDir Path tmp) throws Exception {
    String run = "20261124-140000-51ow";
    List<String> ids = fx.createRunning(2, run);
    String slow = ids.get(1);
    String pod = fx.podName(slow);
    fx.slowDelete(slow, "8s");
    Path events = tmp.resolve("events.jsonl");
    Files.writeString(events, CleanupFixture.eventLine(run, "s0001", 1, "running", ids.get(0)) + "\n"
        + CleanupFixture.eventLine(run, "s0002", 2, "running", slow) + "\n");

    int exit = cleanup("--run", run, "--target", fx.targetFile(tmp).toString(), "--events", events.toString(),
        "--timeout", "2s");

    assertThat(exit).as(out + "\n" + err).isEqualTo(1);
    assertThat(out.toString()).contains("s0001 attempt 1 " + ids.get(0) + " (from events, tag): delete accepted")
        .contains("s0002 attempt 2 " + slow + " (from events, tag): delete accepted")
        .containsPattern("s0002 attempt 2 " + slow + " .*; LEFT: .*Pod " + pod)
        .contains("leaked: ").contains("still present after the 2s timeout:")
        .contains("  Pod " + pod + " (session " + slow + ", s0002)")
        .contains("cleanup of run " + run + ": 1 of 2 sessions gone");
    assertThat(fx.objects(ids.get(0))).isEmpty();
    assertThat(fx.objects(slow)).contains("Pod " + pod);
    assertThat(err.toString()).containsPattern("cleanup: [01]/2 sessions gone, [12] waiting");
  }

  @Test
  void sessionsAlreadyDeletedOrUnknownToThePlatformDoNotFailTheCleanup(@TempDir Path tmp) throws Exception {
    String run = "20261124-140000-0409";
    List<String> ids = fx.createRunning(2, run);
    String deleted = ids.get(0);
    fx.platform.deleteSession(deleted).await();
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.objects(deleted).isEmpty());
    String unknown = "admin-firefox-browser-00000000";
    Path events = tmp.resolve("events.jsonl");
    Files.writeString(events, CleanupFixture.eventLine(run, "s0001", 1, "cleanedUp", deleted) + "\n"
        + CleanupFixture.eventLine(run, "s0002", 1, "running", ids.get(1)) + "\n"
        + CleanupFixture.eventLine(run, "s0003", 1, "created", unknown) + "\n");

    int exit = cleanup("--run", run, "--target", fx.targetFile(tmp).toString(), "--events", events.toString());

    assertThat(exit).as(out + "\n" + err).isZero();
    assertThat(out.toString())
        .contains("s0001 attempt 1 " + deleted + " (from events, tag): already terminating (HTTP 409: Session "
            + "already terminating); nothing of it was left in Kubernetes")
        .contains("s0003 attempt 1 " + unknown + " (from events): already deleted: the platform no longer knows it "
            + "(HTTP 404); nothing of it was left in Kubernetes")
        .contains("cleanup of run " + run + ": 3 of 3 sessions gone, nothing left");
    assertThat(fx.objects(ids.get(1))).isEmpty();
  }

  @Test
  void asAProcessWithAPlanItExitsZeroOnceEverythingIsGone(@TempDir Path tmp) throws Exception {
    String run = "20261124-140000-9r0c";
    List<String> ids = fx.createRunning(3, run);
    Path events = tmp.resolve("events.jsonl");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < ids.size(); i++) {
      lines.append(CleanupFixture.eventLine(run, String.format("s%04d", i + 1), 1, "running", ids.get(i))).append('\n');
    }
    Files.writeString(events, lines);
    Path target = fx.targetFile(tmp);
    Path plan = tmp.resolve("plan.yaml");
    // the same fields as the target file, as a plan's target: block
    Files.writeString(plan, "name: killed-run\ntarget:\n" + Files.readString(target).indent(2)
        + "sessions: {count: 3, template: firefox-browser}\n");
    Path stdout = tmp.resolve("stdout.txt");
    Path stderr = tmp.resolve("stderr.txt");

    Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.loadstone.cli.Main", "cleanup", "--run", run,
        plan.toString(), "--events", events.toString()))
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();

    assertThat(process.waitFor(40, TimeUnit.SECONDS)).as("exited within 40 s").isTrue();
    String printed = Files.readString(stdout);
    assertThat(process.exitValue()).as(printed + Files.readString(stderr)).isZero();
    ids.forEach(id -> assertThat(fx.objects(id)).as(id).isEmpty());
    assertThat(printed).contains("retained by design: 3 home PVCs, 3 Session CRs")
        .contains("cleanup of run " + run + ": 3 of 3 sessions gone, nothing left");
    assertThat(printed + Files.readString(stderr)).doesNotContain(fx.ep.password());
  }

  @Test
  void noEventsFileAndNoTaggedSessionIsAUsageErrorNamingTheFileLookedFor(@TempDir Path tmp) throws Exception {
    fx.createRunning(1, "20261124-130000-0the");
    String run = "20261124-140000-none";

    assertThat(cleanup("--run", run, "--target", fx.targetFile(tmp).toString())).isEqualTo(2);

    assertThat(err.toString()).contains("loadstone cleanup: run " + run + ": no events file at "
        + Path.of("runs", run, "events.jsonl") + " and no session on " + fx.ep.api() + " is tagged loadstone-run="
        + run + " (--events FILE names the run's events.jsonl)");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void eventsOfOtherRunsOnlyIsAUsageErrorNamingThem(@TempDir Path tmp) throws Exception {
    Path events = tmp.resolve("events.jsonl");
    Files.writeString(events, CleanupFixture.eventLine("20261124-130000-0the", "s0001", 1, "created", "x") + "\n");
    String run = "20261124-140000-typo";

    assertThat(cleanup("--run", run, "--target", fx.targetFile(tmp).toString(), "--events", events.toString()))
        .isEqualTo(2);

    assertThat(err.toString()).contains("loadstone cleanup: run " + run + ": " + events
        + " has no line of this run (it holds run 20261124-130000-0the)");
  }

  @Test
  void unreachableKubernetesExitsThreeWithOneLine(@TempDir Path tmp) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String run = "20261124-140000-kube";
    Path events = tmp.resolve("events.jsonl");
    Files.writeString(events, CleanupFixture.eventLine(run, "s0001", 1, "created", "admin-firefox-browser-1") + "\n");

    int exit = cleanup("--run", run, "--target", fx.targetFile(tmp, fx.ep.api(), "http://127.0.0.1:" + closedPort)
        .toString(), "--events", events.toString());

    assertThat(exit).isEqualTo(3);
    assertThat(err.toString()).contains("loadstone: Kubernetes API unreachable").contains(":" + closedPort);
  }
}
