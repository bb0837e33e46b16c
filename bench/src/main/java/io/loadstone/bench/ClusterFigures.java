package io.loadstone.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one clustered run cost and achieved, as {@link ClusterBench} measured it from outside the JVMs.
 *
 * @param sessions          sessions in the plan
 * @param exit              the orchestrator's exit code
 * @param wallNanos         the orchestrator JVM's life, launch to exit
 * @param running           sessions with a running event
 * @param toRunningNanos    first {@code created} event -> last {@code running} event, or -1
 * @param lifecycleNanos    first create sent -> last {@code cleanedUp} event, or -1 (the hold included)
 * @param orchestratorTicks the orchestrator JVM's CPU over its whole life (JVM start and cluster join included)
 * @param orchestratorRunTicks its CPU from its first phase event to its exit, or -1 if never read
 * @param workers           worker names, in start order
 * @param workerTicks       each worker JVM's CPU over the run (same order)
 * @param idleTicks         what each worker would have spent idle over the same time (same order; 0 if not known)
 * @param windowTicks       each worker's CPU from its "joined run" to its "done with run" log line (same order; -1 if
 *                          either was not seen)
 * @param workerThreads     each worker's CPU ticks per thread group over the run (same order; see {@link ProcCpu#groups})
 * @param share             worker -> sessions it ran (results.json {@code sessions[].worker})
 * @param workersDone       whether every worker logged that it finished the run before its CPU was read
 */
record ClusterFigures(int sessions, int exit, long wallNanos, int running, long toRunningNanos, long lifecycleNanos,
                      long orchestratorTicks, long orchestratorRunTicks, List<String> workers, long[] workerTicks,
                      long[] idleTicks, long[] windowTicks, List<Map<String, Long>> workerThreads,
                      Map<String, Integer> share, boolean workersDone) {

  /** Sessions/s from the first created to the last running event; NaN if not every session got there. */
  double sessionsPerSecond() {
    return toRunningNanos <= 0 ? Double.NaN : sessions / (toRunningNanos / 1e9);
  }

  long workerTicksTotal() {
    long sum = 0;
    for (long t : workerTicks) {
      sum += t;
    }
    return sum;
  }

  /** All workers' CPU over their run windows (joined -> done), or -1 if one is not known. */
  long windowTicksTotal() {
    long sum = 0;
    for (long t : windowTicks) {
      if (t < 0) {
        return -1;
      }
      sum += t;
    }
    return sum;
  }

  /** All workers' CPU per session of the run, in ms. */
  double workerMsPerSession() {
    return ms(workerTicksTotal()) / sessions;
  }

  /**
   * As {@link #workerMsPerSession()}, less what the workers would have spent idle over the same time (Hazelcast
   * heartbeats, timers): a cost each node pays whatever it runs, which a second node adds for a run of any size.
   */
  double workerNetMsPerSession() {
    long idle = 0;
    for (long t : idleTicks) {
      idle += t;
    }
    return ms(workerTicksTotal() - idle) / sessions;
  }

  /**
   * What one more session costs all workers, in ms: the slope between two runs of different sizes on the same worker
   * JVMs. What each node spends whatever it runs (idle heartbeats and timers over the run's span, a run's start and
   * end, JIT) is the same in both and drops out; the hold makes both runs last about as long.
   */
  static double marginalMsPerSession(ClusterFigures smaller, ClusterFigures larger) {
    return ms(larger.workerTicksTotal() - smaller.workerTicksTotal()) / (larger.sessions - smaller.sessions);
  }

  /** As {@link #marginalMsPerSession}, over the workers' run windows; NaN if one is not known. */
  static double windowMarginalMsPerSession(ClusterFigures smaller, ClusterFigures larger) {
    long big = larger.windowTicksTotal();
    long small = smaller.windowTicksTotal();
    return big < 0 || small < 0 ? Double.NaN : ms(big - small) / (larger.sessions - smaller.sessions);
  }

  /** {@link #marginalMsPerSession} per thread group, the workers' groups summed, largest first. */
  static String marginalGroups(ClusterFigures smaller, ClusterFigures larger) {
    Map<String, Long> delta = new TreeMap<>();
    larger.workerThreads.forEach(g -> g.forEach((k, v) -> delta.merge(k, v, Long::sum)));
    smaller.workerThreads.forEach(g -> g.forEach((k, v) -> delta.merge(k, -v, Long::sum)));
    int sessions = larger.sessions - smaller.sessions;
    StringBuilder line = new StringBuilder();
    delta.entrySet().stream().filter(e -> Math.abs(ms(e.getValue()) / sessions) >= 0.1)
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(e -> line.append(line.isEmpty() ? "" : ", ")
            .append(String.format("%s %.2f", e.getKey(), ms(e.getValue()) / sessions)));
    return line.isEmpty() ? "none" : line.toString();
  }

  /** Each worker's sessions, e.g. "w1 125, w2 125". */
  String shareLine() {
    StringBuilder line = new StringBuilder();
    share.forEach((w, n) -> line.append(line.isEmpty() ? "" : ", ").append(w).append(' ').append(n));
    return line.toString();
  }

  /** The run's events: sessions reaching running, and the spans the throughputs come from. */
  record Spans(int running, long toRunningNanos, long lifecycleNanos) {
    /**
     * Reads events.jsonl. {@code observedNanos} is each worker's {@code System.nanoTime()}, which on Linux is
     * CLOCK_MONOTONIC, one clock for every JVM of the host: spans across workers are meaningful here, not across hosts.
     */
    static Spans of(Path out, int sessions) throws IOException {
      if (!Files.exists(out.resolve("events.jsonl"))) {
        return new Spans(0, -1, -1);
      }
      long firstCreated = Long.MAX_VALUE;
      long firstSent = Long.MAX_VALUE;
      long lastRunning = Long.MIN_VALUE;
      long lastCleaned = Long.MIN_VALUE;
      int running = 0;
      int cleaned = 0;
      for (Map<String, BenchRun.Observed> phases : BenchRun.events(out).values()) {
        BenchRun.Observed created = phases.get("created");
        if (created != null) {
          firstCreated = Math.min(firstCreated, created.observedNanos());
          firstSent = Math.min(firstSent, created.observedNanos() - (long) (created.elapsedMs() * 1e6));
        }
        BenchRun.Observed r = phases.get("running");
        if (r != null) {
          running++;
          lastRunning = Math.max(lastRunning, r.observedNanos());
        }
        BenchRun.Observed c = phases.get("cleanedUp");
        if (c != null) {
          cleaned++;
          lastCleaned = Math.max(lastCleaned, c.observedNanos());
        }
      }
      return new Spans(running, running == sessions ? lastRunning - firstCreated : -1,
          cleaned == sessions ? lastCleaned - firstSent : -1);
    }
  }

  /** results.json: worker -> sessions it ran (the worker of the last attempt). */
  static Map<String, Integer> share(Path out) throws IOException {
    Map<String, Integer> share = new TreeMap<>();
    Path results = out.resolve("results.json");
    if (Files.exists(results)) {
      for (JsonNode s : BenchRun.JSON.readTree(results.toFile()).path("sessions")) {
        share.merge(s.path("worker").asText("none"), 1, Integer::sum);
      }
    }
    return share;
  }

  /** All workers' C2 compiler threads' CPU, in seconds. */
  double compilerSeconds() {
    return ProcCpu.seconds(workerThreads.stream().mapToLong(g -> g.getOrDefault("C2 CompilerThre", 0L)).sum());
  }

  /** One short line for a warm-up run (cold JVMs: their start is in the CPU). */
  String firstRunLine() {
    return String.format("exit %d; %.1f sessions/s to running; workers %.2f ms CPU/session, orchestrator %.2f"
        + " ms CPU/session (both from JVM start)", exit, sessionsPerSecond(), workerMsPerSession(),
        ms(orchestratorTicks) / sessions);
  }

  /** The measured run's figures, one fact per line, indented. */
  void print(String hold) {
    long holdNanos = java.time.Duration.parse("PT" + hold.toUpperCase()).toNanos();
    System.out.printf("    exit %d; orchestrator JVM wall %.1f s (launch to exit: JVM start, cluster join, the run, "
        + "report); %d/%d running%n", exit, wallNanos / 1e9, running, sessions);
    System.out.printf("    first created -> last running %.2f s -> %.1f sessions/s; lifecycle without the hold %.1f s"
        + " -> %.1f sessions/s%n", toRunningNanos <= 0 ? Double.NaN : toRunningNanos / 1e9, sessionsPerSecond(),
        lifecycleNanos <= 0 ? Double.NaN : (lifecycleNanos - holdNanos) / 1e9,
        lifecycleNanos <= 0 ? Double.NaN : sessions / ((lifecycleNanos - holdNanos) / 1e9));
    long idle = 0;
    for (int i = 0; i < workers.size(); i++) {
      int n = share.getOrDefault(workers.get(i), 0);
      idle += idleTicks[i];
      System.out.printf("    %s: %d sessions (%.1f%%), CPU %.2f s -> %.2f ms/session of its own%n", workers.get(i), n,
          100.0 * n / sessions, ProcCpu.seconds(workerTicks[i]), n == 0 ? Double.NaN : ms(workerTicks[i]) / n);
      StringBuilder top = new StringBuilder();
      workerThreads.get(i).entrySet().stream().filter(e -> e.getValue() >= ProcCpu.TICKS_PER_SECOND / 10)
          .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
          .forEach(e -> top.append(String.format("%s %.2f s, ", e.getKey(), ProcCpu.seconds(e.getValue()))));
      System.out.printf("      its threads (groups >= 0.1 s; sampled every 0.5 s): %s%n",
          top.isEmpty() ? "none" : top.substring(0, top.length() - 2));
    }
    share.forEach((w, n) -> {
      if (!workers.contains(w)) {
        System.out.printf("    %s (not a worker JVM of this bench): %d sessions%n", w, n);
      }
    });
    System.out.printf("    workers in all: %.2f s CPU -> %.2f ms/session (an idle worker would have spent %.2f"
        + " ms/session of it)%s%n", ProcCpu.seconds(workerTicksTotal()), workerMsPerSession(), ms(idle) / sessions,
        workersDone ? "" : "; NOT every worker logged the run's end before its CPU was read");
    System.out.printf("    orchestrator: %.2f ms CPU/session from its first phase event to exit (%.2f ms/session with"
        + " JVM start and cluster join)%n", orchestratorRunTicks < 0 ? Double.NaN : ms(orchestratorRunTicks) / sessions,
        ms(orchestratorTicks) / sessions);
  }

  static double ms(long ticks) {
    return ProcCpu.seconds(ticks) * 1e3;
  }
}
