package io.loadstone.bench;

import io.loadstone.cli.Main;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scale: Loadstone's own cost for a burst of sessions against a sandbox in ITS OWN JVM, so the figures are the
 * Loadstone JVM's alone. Starts {@code loadstone sandbox --port 0 --endpoints-file F} as a child process (short pod
 * delays), writes a password file and a kubeconfig from F, runs an unmeasured warm-up plan, then runs
 * {@code loadstone run} in this JVM with a {@code target:} plan and a long hold, {@code runs} times in a row (each a
 * whole run: login, informers, sessions, report). Measures, in this JVM, for each run:
 * <ul>
 *   <li>wall time of the run and sessions/s to running (run start -> every session's running event in events.jsonl);
 *   <li>process CPU time (com.sun.management.OperatingSystemMXBean) across the run, minus this bench's own probing
 *       (the probe thread's CPU, and the whole process's CPU during the settled-heap probe), per session; and how
 *       much of it JIT compilation took (CompilationMXBean, compiler threads' time);
 *   <li>peak used heap (sampled every 100 ms, garbage included) and heap per live session: used heap after full GCs
 *       while every session is running (inside the hold) minus the same before the run, / sessions.
 * </ul>
 * Two CPU figures per session lifecycle: <b>first run</b> is the first measured run after the warm-up, which still
 * pays for the JIT compiling what a burst of this size exercises (the warm-up is smaller); <b>steady state</b> is the
 * median of the following runs, the same plan in the same JVM with that code compiled: the marginal cost of one more
 * session once Loadstone has been running a while. Both include each run's fixed cost (login, informers' initial
 * lists, reports), spread over the sessions.
 *
 * <p>Run: {@code bench/scale.sh [sessions=1000] [agents=4] [hold=30s] [warmup sessions=200] [runs=2]}.
 */
public final class ScaleBench {
  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int agents = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    String hold = args.length > 2 ? args[2] : "30s";
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    int runs = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    if (runs < 1) {
      throw new IllegalArgumentException("runs: expected >= 1, got " + runs);
    }
    Path dir = Files.createTempDirectory("loadstone-scale");
    boolean ok;
    try (Children children = new Children()) {
      String target = SandboxChild.start(children, dir, agents).target();
      if (warmup > 0) {
        // unmeasured: loads the classes and warms the JIT, so the figures are the steady cost per session
        Path w = writePlan(dir.resolve("warmup.yaml"), target, warmup, "1s");
        Main.commandLine().execute("run", w.toString(), "--out", dir.resolve("warmup").toString());
      }
      Path plan = writePlan(dir.resolve("scale.yaml"), target, sessions, hold);
      System.out.printf("%nscale: %d sessions in a burst against a sandbox in its own JVM (%d agents, pod ready median"
          + " 500 ms p99 2 s, delete grace 0), hold %s, after an unmeasured warm-up run of %d; %d measured runs; this"
          + " JVM's flags: %s%n", sessions, agents, hold, warmup, runs,
          String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
      List<Result> results = new ArrayList<>();
      ok = true;
      for (int i = 1; i <= runs; i++) {
        Result r = measure(dir.resolve("out-" + i), plan, sessions, hold);
        r.print(i, sessions);
        results.add(r);
        ok &= r.ok();
      }
      summary(results, sessions);
    }
    System.exit(ok ? 0 : 1);
  }

  /** The scale plan: {@code sessions} in a burst against {@code target}, each held for {@code hold}, no checks. */
  static Path writePlan(Path plan, String target, int sessions, String hold) throws java.io.IOException {
    return writePlan(plan, target, sessions, hold, 1);
  }

  /** As the scale plan, its sessions spread over {@code users} users ({@code load-01} ...) when more than one. */
  static Path writePlan(Path plan, String target, int sessions, String hold, int users) throws java.io.IOException {
    String owners = users > 1 ? "users: {prefix: load-, count: " + users + "}, " : "";
    Files.writeString(plan, """
        name: bench-scale
        target: %s
        sessions: {count: %d, %stemplate: firefox-browser, resources: {memory: 512Mi, cpu: 250m}, persistentHome: false}
        arrival: {kind: burst}
        hold: %s
        checks: []
        timeouts: {provisioned: 120s, podReady: 180s, running: 240s, tunnelUp: 240s, cleanedUp: 120s}
        """.formatted(target, sessions, owners, hold));
    return plan;
  }

  /** One measured run's figures; CPU and heap are this JVM's, the bench's own probing excluded. */
  private record Result(int exit, Path out, int failed, long wallNanos, long holdMillis, long allRunningNanos,
                        long cpuNanos, long probeNanos, long jitNanos, long gcMillis, long baseline, long peak,
                        long live, String threadGroups) {
    /** A run whose sessions did not all complete measured something else (a struggling sandbox, a timeout). */
    boolean ok() {
      return exit == 0 && failed == 0 && live >= 0;
    }

    double cpuMillisPerSession(int sessions) {
      return cpuNanos / 1e6 / sessions;
    }

    double kibPerLiveSession(int sessions) {
      return (live - baseline) / 1024.0 / sessions;
    }

    void print(int run, int sessions) {
      System.out.printf("run %d: exit %d, %s, output %s%n", run, exit,
          failed == 0 ? "every session completed" : failed + " sessions FAILED: the figures are not comparable", out);
      System.out.printf("  wall time: %.1f s (hold included); all %d running after %.2f s -> %.1f sessions/s to running%n",
          wallNanos / 1e9, sessions, allRunningNanos / 1e9,
          allRunningNanos < 0 ? 0 : sessions / (allRunningNanos / 1e9));
      double lifecycleSeconds = (wallNanos / 1e6 - holdMillis) / 1e3;
      System.out.printf("  lifecycle throughput without the hold: %.1f sessions/s ((wall - hold) = %.1f s)%n",
          sessions / lifecycleSeconds, lifecycleSeconds);
      System.out.printf("  Loadstone JVM CPU: %.2f s for the run (probes excluded: %.2f s; JIT compiler threads %.2f s"
          + " of it) -> %.2f ms per session lifecycle (goal <= 5)%n", cpuNanos / 1e9, probeNanos / 1e9, jitNanos / 1e9,
          cpuMillisPerSession(sessions));
      System.out.printf("  heap: %.1f MiB settled before the run, peak used %.1f MiB (sampled every 100 ms, garbage"
          + " included), %s%n", baseline / 1048576.0, peak / 1048576.0, live < 0 ? "settled heap with all live: not probed"
          : String.format("%.1f MiB settled with %d live -> %.1f KiB per live session (goal <= 50 KB)",
          live / 1048576.0, sessions, kibPerLiveSession(sessions)));
      System.out.printf("  where the CPU went (thread CPU, groups > 0.05 s): %sGC pauses+cycles %.2f s wall%n",
          threadGroups, gcMillis / 1e3);
    }
  }

  private static void summary(List<Result> results, int sessions) {
    Result first = results.get(0);
    double[] steady = results.stream().skip(1).mapToDouble(r -> r.cpuMillisPerSession(sessions)).sorted().toArray();
    double[] heap = results.stream().filter(r -> r.live >= 0).mapToDouble(r -> r.kibPerLiveSession(sessions))
        .sorted().toArray();
    System.out.printf("summary: CPU per session lifecycle: first run %.2f ms, steady state %s (goal <= 5); heap per live"
        + " session %s (goal <= 50 KB)%s%n", first.cpuMillisPerSession(sessions),
        steady.length == 0 ? "not measured (runs=1)" : String.format("%.2f ms (median of %d)", median(steady),
            steady.length), heap.length == 0 ? "not probed" : String.format("%.1f KiB (median of %d)", median(heap),
            heap.length), results.stream().allMatch(Result::ok) ? "" : "; NOT VALID: a run did not complete every session");
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static Result measure(Path out, Path plan, int sessions, String hold) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long baseline = settledHeap(memory);
    AtomicInteger exit = new AtomicInteger(-1);
    long gcMillis0 = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    JvmThreadCpu hidden = new JvmThreadCpu();
    hidden.sample();
    long cpu0 = os.getProcessCpuTime();
    long monitorCpu0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    Thread runner = new Thread(() -> exit.set(Main.commandLine().execute("run", plan.toString(), "--out", out.toString())),
        "bench-run");
    runner.start();
    long peak = 0;
    long allRunningNanos = -1;
    long live = -1;
    long probeCpu = 0;
    long lastCheck = 0;
    Map<Long, String> threadNames = new HashMap<>();
    Map<Long, Long> threadCpu = new HashMap<>();
    Map<Long, Long> threadStart = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      threadStart.put(id, threads.getThreadCpuTime(id));
    }
    long lastThreads = 0;
    while (runner.isAlive()) {
      peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
      if (System.nanoTime() - lastThreads > TimeUnit.MILLISECONDS.toNanos(500)) {
        lastThreads = System.nanoTime();
        sampleThreads(threads, threadNames, threadCpu, threadStart);
        hidden.sample();
      }
      long now = System.nanoTime();
      if (allRunningNanos < 0 && now - lastCheck > TimeUnit.MILLISECONDS.toNanos(500)) {
        lastCheck = now;
        if (running(out) >= sessions) {
          allRunningNanos = now - t0;
          long before = os.getProcessCpuTime();
          live = settledHeap(memory);
          probeCpu = os.getProcessCpuTime() - before;
        }
      }
      runner.join(100);
    }
    long wall = System.nanoTime() - t0;
    sampleThreads(threads, threadNames, threadCpu, threadStart);
    hidden.sample();
    long gcMillis = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum() - gcMillis0;
    // the probe's own thread CPU outside the heap probe (file polls) is this bench's, not Loadstone's
    long monitorCpu = Math.max(0, threads.getCurrentThreadCpuTime() - monitorCpu0 - probeCpu);
    long cpu = os.getProcessCpuTime() - cpu0 - probeCpu - monitorCpu;
    Map<String, Long> byGroup = new TreeMap<>(hidden.since());
    long jitNanos = byGroup.getOrDefault("JIT compiler threads", 0L);
    threadCpu.forEach((id, nanos) -> byGroup.merge(threadNames.getOrDefault(id, "?").replaceAll("[-#]?\\d+$", ""),
        nanos, Long::sum));
    StringBuilder top = new StringBuilder();
    byGroup.entrySet().stream().filter(e -> e.getValue() > 50_000_000L)
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(e -> top.append(String.format("%s %.2f s, ", e.getKey(), e.getValue() / 1e9)));
    long holdMillis = java.time.Duration.parse("PT" + hold.toUpperCase()).toMillis();
    return new Result(exit.get(), out, failed(out), wall, holdMillis, allRunningNanos, cpu, probeCpu + monitorCpu, jitNanos,
        gcMillis, baseline, peak, live, top.toString());
  }

  /** Thread CPU during the run: per thread, its latest reading minus its reading before the run (0 if it is new). */
  private static void sampleThreads(ThreadMXBean threads, Map<Long, String> names, Map<Long, Long> cpu,
                                    Map<Long, Long> start) {
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      long now = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
      if (now >= 0) {
        names.put(info.getThreadId(), info.getThreadName());
        cpu.put(info.getThreadId(), now - start.getOrDefault(info.getThreadId(), 0L));
      }
    }
  }

  /** Sessions of the run that did not complete (from results.json); -1 if it cannot be read. */
  private static int failed(Path out) {
    try {
      return BenchRun.JSON.readTree(out.resolve("results.json").toFile()).path("counts").path("failed").asInt(-1);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static int running(Path out) {
    try {
      List<String> lines = Files.readAllLines(out.resolve("events.jsonl"));
      int n = 0;
      for (String l : lines) {
        if (l.contains("\"phase\":\"running\"")) {
          n++;
        }
      }
      return n;
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(300);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
