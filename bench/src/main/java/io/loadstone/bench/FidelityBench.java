package io.loadstone.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadstone.cli.Main;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Fidelity: how far Loadstone's measured {@code podReady} and {@code cleanedUp} are from the embedded sandbox's ground
 * truth, per session. Runs {@code loadstone run} in this JVM against the embedded sandbox (so the worker's and the
 * sandbox's {@code System.nanoTime()} are one clock) with log-normal pod delays, then joins events.jsonl (the worker's
 * elapsed time and observation instant), results.json (slot -> platform session) and sandbox-truth.json.
 *
 * <p>Loadstone measures from the request's SEND on the worker, the truth from its ARRIVAL at the control plane, so the
 * raw error splits exactly into: send -> arrival (client queueing + wire + server routing before the handler stamps)
 * plus observation lag (truth event -> the worker's observation of it). Both are printed.
 *
 * <p>Run: {@code bench/fidelity.sh [sessions=1000] [agents=4] [hold=2s] [warmup sessions=0] [ready median=2s]
 * [ready p99=6s] [capacity=0: a burst] [platform=embedded|own-core]}. Longer pod delays let the burst of creates end
 * before most pods turn Ready, and a capacity keeps the burst from happening at all, so the observer is measured with
 * CPU to spare instead of while the sandbox saturates both cores. {@code own-core} keeps the platform off Loadstone's
 * CPU, as a real platform runs on machines of its own: the sandbox runs in its own JVM pinned to CPU 1, this JVM to
 * CPU 0, and its truth comes from {@code GET /sandbox/v1/truth}.
 */
public final class FidelityBench {
  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int agents = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    String hold = args.length > 2 ? args[2] : "2s";
    // a first, unmeasured run warms the JIT of both sides (the first requests otherwise run interpreted code)
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    String readyMedian = args.length > 4 ? args[4] : "2s";
    String readyP99 = args.length > 5 ? args[5] : "6s";
    // 0: the whole plan at once (a burst); else `run --capacity`: that many at once, the next as a slot frees
    int capacity = args.length > 6 ? Integer.parseInt(args[6]) : 0;
    // embedded: the sandbox in this JVM, as `loadstone run` starts it; own-core: the sandbox in its own JVM on CPU 1
    // while this JVM runs on CPU 0 (fidelity.sh pins it), so the platform under test no longer takes Loadstone's CPU
    String platform = args.length > 7 ? args[7] : "embedded";
    if (!platform.equals("embedded") && !platform.equals("own-core")) {
      throw new IllegalArgumentException("platform: expected embedded or own-core, got " + platform);
    }
    Path dir = Files.createTempDirectory("loadstone-fidelity");
    String pods = "{scheduleDelay: 50ms, readyDelay: {median: %s, p99: %s}, deleteGrace: {median: 300ms, p99: 1s}, "
        .formatted(readyMedian, readyP99) + "controllerDelay: 10ms}";
    Path out = dir.resolve("out");
    String arrival = capacity > 0 ? "at most " + capacity + " at once (run --capacity)" : "in a burst";
    if (platform.equals("embedded")) {
      String sandbox = """
          sandbox:
            agents: %d
            seed: 7
            pods: %s
            timings: {podReadyPollInterval: 200ms}
          """.formatted(agents, pods);
      Measured run = run(dir, sandbox, sessions, hold, warmup, capacity, out);
      report(sessions, agents, hold, warmup, run.exit(), run.wallSeconds(), out, readyMedian + " p99 " + readyP99, arrival
          + "; sandbox embedded in this JVM");
      return;
    }
    try (Children children = new Children()) {
      SandboxChild sandbox = SandboxChild.start(children, dir, List.of("taskset", "-c", "1"), """
          agents: %d
          seed: 7
          pods: %s
          timings: {podReadyPollInterval: 200ms}
          """.formatted(agents, pods));
      Measured run = run(dir, "target: " + sandbox.target() + "\n", sessions, hold, warmup, capacity, out);
      // Linux's System.nanoTime() is CLOCK_MONOTONIC, one clock for every process on the machine, so the other JVM's
      // truth compares with this JVM's stamps as the embedded sandbox's does
      HttpResponse<String> truth = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(sandbox.api() + "/sandbox/v1/truth")).build(), HttpResponse.BodyHandlers.ofString());
      if (truth.statusCode() != 200) {
        throw new IllegalStateException("GET /sandbox/v1/truth answered " + truth.statusCode());
      }
      Files.writeString(out.resolve("sandbox-truth.json"), truth.body());
      report(sessions, agents, hold, warmup, run.exit(), run.wallSeconds(), out, readyMedian + " p99 " + readyP99,
          arrival + "; sandbox in its own JVM on CPU 1, Loadstone on CPU 0");
    }
  }

  private record Measured(int exit, double wallSeconds) {
  }

  /** An optional unmeasured warm-up run, then the measured run into {@code out}. */
  private static Measured run(Path dir, String platformYaml, int sessions, String hold, int warmup, int capacity,
                            Path out) throws IOException {
    if (warmup > 0) {
      Path plan = writePlan(dir.resolve("warmup.yaml"), warmup, hold, platformYaml);
      Main.commandLine().execute(runArgs(plan, dir.resolve("warmup"), capacity));
    }
    Path plan = writePlan(dir.resolve("fidelity.yaml"), sessions, hold, platformYaml);
    long t0 = System.nanoTime();
    int exit = Main.commandLine().execute(runArgs(plan, out, capacity));
    return new Measured(exit, (System.nanoTime() - t0) / 1e9);
  }

  private static String[] runArgs(Path plan, Path out, int capacity) {
    return capacity > 0
        ? new String[] {"run", plan.toString(), "--out", out.toString(), "--capacity", Integer.toString(capacity)}
        : new String[] {"run", plan.toString(), "--out", out.toString()};
  }

  /** The fidelity plan; {@code platformYaml} is its {@code sandbox:} block or its {@code target:} line. */
  private static Path writePlan(Path plan, int sessions, String hold, String platformYaml) throws IOException {
    Files.writeString(plan, """
        name: bench-fidelity
        sessions: {count: %d, user: admin, template: firefox-browser, resources: {memory: 512Mi, cpu: 250m}, persistentHome: false}
        arrival: {kind: burst}
        hold: %s
        checks: []
        timeouts: {provisioned: 120s, podReady: 180s, running: 240s, tunnelUp: 240s, cleanedUp: 120s}
        """.formatted(sessions, hold) + platformYaml);
    return plan;
  }

  private static void report(int sessions, int agents, String hold, int warmup, int exit, double wall, Path out,
                             String readyDelay, String arrival) throws IOException {
    Map<String, Map<String, BenchRun.Observed>> events = BenchRun.events(out);
    Map<String, String> names = BenchRun.platformSessions(out);
    JsonNode truth = BenchRun.JSON.readTree(out.resolve("sandbox-truth.json").toFile()).get("sessions");
    BenchRun.Sample readyRaw = new BenchRun.Sample();
    BenchRun.Sample readySend = new BenchRun.Sample();
    BenchRun.Sample readyLag = new BenchRun.Sample();
    BenchRun.Sample cleanRaw = new BenchRun.Sample();
    BenchRun.Sample cleanSend = new BenchRun.Sample();
    BenchRun.Sample cleanLag = new BenchRun.Sample();
    names.forEach((slot, name) -> {
      JsonNode t = truth.path(name).path("events");
      Map<String, BenchRun.Observed> seen = events.getOrDefault(slot, Map.of());
      long created = nanos(t, "createRequested");
      BenchRun.Observed ready = seen.get("podReady");
      if (ready != null && created > 0 && nanos(t, "podReady") > 0) {
        compare(ready, created, nanos(t, "podReady"), readyRaw, readySend, readyLag);
      }
      BenchRun.Observed cleaned = seen.get("cleanedUp");
      long deleted = nanos(t, "deleteRequested");
      long gone = Math.max(nanos(t, "podGone"), Math.max(nanos(t, "deploymentGone"), nanos(t, "serviceGone")));
      if (cleaned != null && deleted > 0 && nanos(t, "podGone") > 0 && nanos(t, "deploymentGone") > 0
          && nanos(t, "serviceGone") > 0) {
        compare(cleaned, deleted, gone, cleanRaw, cleanSend, cleanLag);
      }
    });

    System.out.println();
    System.out.printf("fidelity: %d sessions %s, %d agents, podReady log-normal median %s, hold %s, "
        + "warm-up run of %d sessions before; run exit %d, wall %.1f s; output %s%n", sessions, arrival, agents,
        readyDelay, hold, warmup, exit, wall, out);
    System.out.println("  error = Loadstone's phase time - the sandbox's ground truth (ms; positive = Loadstone longer)");
    System.out.println("  podReady  (worker: create on the wire -> pod Ready seen; truth: createRequested -> podReady)");
    System.out.println("    raw error            " + readyRaw.summary());
    System.out.println("    = send -> arrival    " + readySend.summary());
    System.out.println("    + observation lag    " + readyLag.summary());
    System.out.println("  cleanedUp (worker: delete on the wire -> all three gone seen; truth: deleteRequested -> last of "
        + "podGone/deploymentGone/serviceGone)");
    System.out.println("    raw error            " + cleanRaw.summary());
    System.out.println("    = send -> arrival    " + cleanSend.summary());
    System.out.println("    + observation lag    " + cleanLag.summary());
    System.out.printf("  goal p99 raw error <= 5 ms: podReady %s (%.2f ms), cleanedUp %s (%.2f ms)%n",
        readyRaw.percentile(99) <= 5 ? "met" : "NOT met", readyRaw.percentile(99),
        cleanRaw.percentile(99) <= 5 ? "met" : "NOT met", cleanRaw.percentile(99));
    // the send -> arrival part is the platform's: the request waiting for the control plane to read it
    System.out.printf("  Loadstone's own error (observation lag) p99 <= 5 ms: podReady %s (%.2f ms), cleanedUp %s "
        + "(%.2f ms)%n", readyLag.percentile(99) <= 5 ? "met" : "NOT met", readyLag.percentile(99),
        cleanLag.percentile(99) <= 5 ? "met" : "NOT met", cleanLag.percentile(99));
    System.exit(readyRaw.count() == sessions && cleanRaw.count() == sessions ? 0 : 1);
  }

  private static void compare(BenchRun.Observed seen, long truthFrom, long truthTo, BenchRun.Sample raw,
                              BenchRun.Sample send, BenchRun.Sample lag) {
    double truthMs = (truthTo - truthFrom) / 1e6;
    raw.add(seen.elapsedMs() - truthMs);
    send.add((truthFrom - sentNanos(seen)) / 1e6);
    lag.add((seen.observedNanos() - truthTo) / 1e6);
  }

  /** The worker's send instant: observation minus elapsed (elapsed has microsecond resolution). */
  private static long sentNanos(BenchRun.Observed o) {
    return o.observedNanos() - Math.round(o.elapsedMs() * 1e6);
  }

  private static long nanos(JsonNode events, String event) {
    JsonNode e = events.path(event).path("nanos");
    return e.isMissingNode() ? 0 : e.asLong();
  }
}
