package io.loadstone.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.loadstone.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * [ready p99=6s] [capacity=0: a burst]}. Longer pod delays let the burst of creates end before most pods turn Ready,
 * and a capacity keeps the burst from happening at all, so the observer is measured with CPU to spare instead of
 * while the sandbox saturates both cores.
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
    Path dir = Files.createTempDirectory("loadstone-fidelity");
    if (warmup > 0) {
      Path plan = writePlan(dir.resolve("warmup.yaml"), warmup, agents, hold, readyMedian, readyP99);
      Main.commandLine().execute(runArgs(plan, dir.resolve("warmup"), capacity));
    }
    Path plan = writePlan(dir.resolve("fidelity.yaml"), sessions, agents, hold, readyMedian, readyP99);
    Path out = dir.resolve("out");
    long t0 = System.nanoTime();
    int exit = Main.commandLine().execute(runArgs(plan, out, capacity));
    double wall = (System.nanoTime() - t0) / 1e9;
    String arrival = capacity > 0 ? "at most " + capacity + " at once (run --capacity)" : "in a burst";
    report(sessions, agents, hold, warmup, exit, wall, out, readyMedian + " p99 " + readyP99, arrival);
  }

  private static String[] runArgs(Path plan, Path out, int capacity) {
    return capacity > 0
        ? new String[] {"run", plan.toString(), "--out", out.toString(), "--capacity", Integer.toString(capacity)}
        : new String[] {"run", plan.toString(), "--out", out.toString()};
  }

  private static Path writePlan(Path plan, int sessions, int agents, String hold, String readyMedian,
                                String readyP99) throws IOException {
    Files.writeString(plan, """
        name: bench-fidelity
        sessions: {count: %d, user: admin, template: firefox-browser, resources: {memory: 512Mi, cpu: 250m}, persistentHome: false}
        arrival: {kind: burst}
        hold: %s
        checks: []
        timeouts: {provisioned: 120s, podReady: 180s, running: 240s, tunnelUp: 240s, cleanedUp: 120s}
        sandbox:
          agents: %d
          seed: 7
          pods: {scheduleDelay: 50ms, readyDelay: {median: %s, p99: %s}, deleteGrace: {median: 300ms, p99: 1s}, controllerDelay: 10ms}
          timings: {podReadyPollInterval: 200ms}
        """.formatted(sessions, hold, agents, readyMedian, readyP99));
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
