package io.loadstone.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cluster scale: the L2 scale plan ({@link ScaleBench}'s burst against a sandbox in its own JVM) run by
 * {@code loadstone run --cluster} on 1 and then on 2 worker JVMs; sandbox, orchestrator and workers each in their
 * own process, so every figure is one JVM's alone and is read from outside it ({@code /proc/<pid>/stat}).
 *
 * <p>Per worker count W: W fresh {@code loadstone worker} JVMs ({@code -Xmx1g}, capacity ceil(sessions / W) each:
 * the orchestrator serves job requests in arrival order, so equal capacities that add up to the plan give every worker
 * an equal share of the burst). A first run of {@code warmup} sessions (hold 1 s) warms their JIT; its figures are
 * printed as the cold ones ({@code warmup runs} - 1 more such runs follow, printed in one line each). Then, on the
 * same worker JVMs, the measured run with a fresh orchestrator JVM that joins the workers' cluster. Measured:
 * <ul>
 *   <li>each worker's CPU from the orchestrator's launch until the worker logged that it is done with the run, split
 *       by thread group (every thread's CPU sampled each 0.5 s from {@code /proc/<pid>/task}), and what it spends
 *       idle (5 s between the runs), to show how much of the per-session figure is not sessions;
 *   <li>the orchestrator's CPU over its life (under {@code sh}, which reads it from its own cutime/cstime) and from
 *       its first phase event to its exit;
 *   <li>sessions/s: sessions / (first {@code created} -> last {@code running} event); lifecycle throughput as
 *       {@link ScaleBench}: sessions / (first create sent -> last {@code cleanedUp} - hold);
 *   <li>each worker's share of the sessions (results.json).
 * </ul>
 * Then the ratio of the workers' CPU per session, 2 workers / 1 worker: on 2 cores a second worker cannot double
 * throughput, but it must not cost more per session.
 *
 * <p>Run: {@code bench/cluster.sh [sessions=1000] [agents=4] [hold=30s] [warmup sessions=sessions] [warmup runs=1]
 * [users=1]}. With more than one user the plan spreads its sessions over them ({@code sessions.users}) and the
 * workers split the work by user, each observing only its users' sessions; with one, every worker observes all.
 * The warm-up
 * defaults to the whole plan so that every worker gets its share of it (a smaller one goes to the first worker
 * alone, up to its capacity). Every child is stopped at the end, also on failure (try-with-resources and a
 * shutdown hook).
 */
public final class ClusterBench {
  private static final long RUN_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(20);
  private static final long WORKER_DONE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long THREAD_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long IDLE_SETTLE_MILLIS = 2_000;
  private static final long IDLE_PROBE_MILLIS = 5_000;
  private static final String DONE_LINE = ": done with run ";
  /** as `./loadstone run` and `./loadstone worker` start their JVMs: C1 only (see the launcher) */
  private static final List<String> JVM = List.of("-Xmx1g", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1",
      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.showDateTime=true");

  private record Worker(String name, Process process, Path log, int port) {
    long ticks() {
      return ProcCpu.ticks(process.pid());
    }
  }

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int agents = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    String hold = args.length > 2 ? args[2] : "30s";
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : sessions;
    int warmupRuns = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    int users = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    Path dir = Files.createTempDirectory("loadstone-cluster");
    boolean ok = true;
    List<ClusterFigures> measured = new ArrayList<>();
    List<ClusterFigures> first = new ArrayList<>();
    try (Children children = new Children()) {
      String target = SandboxChild.start(children, dir, agents).target();
      System.out.printf("%ncluster scale: %d sessions in a burst over %s, hold %s, against a sandbox in its own JVM"
          + " (%d agents,"
          + " pod ready median 500 ms p99 2 s, delete grace 0); a fresh orchestrator JVM per run, worker JVMs -Xmx1g"
          + " serving run after run; CPU from /proc/<pid>/stat (CLK_TCK %d); output in %s%n", sessions,
          users > 1 ? users + " users (the work split by user)" : "one user (every worker observes every session)",
          hold, agents, ProcCpu.TICKS_PER_SECOND, dir);
      for (int w = 1; w <= 2; w++) {
        ClusterFigures[] runs = workerCount(children, dir.resolve("w" + w), target, w, sessions, warmup,
            warmupRuns, hold, users);
        first.add(runs[0]);
        measured.add(runs[1]);
        ok &= runs[0].exit() == 0 && runs[1].exit() == 0 && runs[1].workersDone();
      }
    } catch (IllegalStateException e) {
      System.err.println("cluster bench: " + e.getMessage());
      System.exit(3);
    }
    if (measured.size() == 2) {
      System.out.printf("%nratio 2 workers / 1 worker: workers' CPU per session %.2f (%.2f / %.2f ms; first runs %.2f),"
              + " orchestrator's %.2f; sessions/s %.2f%n",
          measured.get(1).workerMsPerSession() / measured.get(0).workerMsPerSession(),
          measured.get(1).workerMsPerSession(), measured.get(0).workerMsPerSession(),
          first.get(1).workerMsPerSession() / first.get(0).workerMsPerSession(),
          (double) measured.get(1).orchestratorRunTicks() / measured.get(0).orchestratorRunTicks(),
          measured.get(1).sessionsPerSecond() / measured.get(0).sessionsPerSecond());
      System.out.printf("ratio net of what an idle worker spends over the run: %.2f (%.2f / %.2f ms)%n",
          measured.get(1).workerNetMsPerSession() / measured.get(0).workerNetMsPerSession(),
          measured.get(1).workerNetMsPerSession(), measured.get(0).workerNetMsPerSession());
    }
    System.exit(ok ? 0 : 1);
  }

  /** The warm-up runs and the measured run on {@code w} fresh workers; returns the first and the measured figures. */
  private static ClusterFigures[] workerCount(Children children, Path dir, String target, int w, int sessions,
                                              int warmup, int warmupRuns, String hold, int users)
      throws Exception {
    Files.createDirectories(dir);
    int capacity = (sessions + w - 1) / w;
    int port = freePorts(10 * (w + 1));
    String cluster = "bench-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000000, Integer.MAX_VALUE));
    System.out.printf("%n%d worker JVM%s (capacity %d each), cluster \"%s\" on 127.0.0.1:%d:%n", w, w == 1 ? "" : "s",
        capacity, cluster, port);
    List<Worker> workers = new ArrayList<>();
    try {
      Path warmPlan = ScaleBench.writePlan(dir.resolve("warmup.yaml"), target, warmup, "1s", users);
      // the first orchestrator starts the cluster; the workers join it and stay for the next run
      Children.Accounted orchestrator = orchestrator(children, dir, "warmup", warmPlan, port, cluster, w, List.of());
      long launched = System.nanoTime();
      for (int i = 1; i <= w; i++) {
        workers.add(worker(children, dir, "w" + i, port, port + 10 * i, cluster, capacity));
      }
      ClusterFigures warm = await(orchestrator, launched, dir.resolve("warmup"), warmup, workers, 1, new long[w],
          workers.stream().map(x -> Map.<Long, ProcCpu.ThreadTicks>of()).toList(), new double[w]);
      System.out.printf("  first run (cold JVMs, %d sessions, hold 1s): %s%n", warmup, warm.firstRunLine());

      // what the workers spend doing nothing (Hazelcast heartbeats, Vert.x timers), once the run's tail settled
      Thread.sleep(IDLE_SETTLE_MILLIS);
      long[] idle0 = ticks(workers);
      long idleStart = System.nanoTime();
      Thread.sleep(IDLE_PROBE_MILLIS);
      long[] idle1 = ticks(workers);
      double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
      double[] idlePerSecond = new double[w];
      StringBuilder idleLine = new StringBuilder();
      for (int i = 0; i < w; i++) {
        idlePerSecond[i] = (idle1[i] - idle0[i]) / idleSeconds;
        idleLine.append(String.format("%s %.1f ms CPU/s  ", workers.get(i).name(),
            ClusterFigures.ms(idle1[i] - idle0[i]) / idleSeconds));
      }
      System.out.printf("  idle workers between the runs (%.1f s): %s%n", idleSeconds, idleLine.toString().trim());

      for (int k = 2; k <= warmupRuns; k++) {
        ClusterFigures again = runOn(children, dir, "warmup" + k, warmPlan, port, cluster, workers, k, warmup,
            idlePerSecond);
        System.out.printf("  warm-up run %d (%d sessions, hold 1s): %s; C2 %.2f s%n", k, warmup,
            again.firstRunLine().replace(" (both from JVM start)", ""), again.compilerSeconds());
      }
      Path plan = ScaleBench.writePlan(dir.resolve("scale.yaml"), target, sessions, hold, users);
      ClusterFigures run = runOn(children, dir, "run", plan, port, cluster, workers, warmupRuns + 1, sessions,
          idlePerSecond);
      System.out.printf("  measured run (%d sessions, hold %s):%n", sessions, hold);
      run.print(hold);
      return new ClusterFigures[] {warm, run};
    } finally {
      for (Worker worker : workers) {
        children.stop(worker.process());
      }
    }
  }

  /** One run on the workers already in the cluster: a fresh orchestrator JVM joins them. */
  private static ClusterFigures runOn(Children children, Path dir, String name, Path plan, int port, String cluster,
                                      List<Worker> workers, int runs, int sessions, double[] idlePerSecond)
      throws Exception {
    long[] start = ticks(workers);
    List<Map<Long, ProcCpu.ThreadTicks>> startThreads = threads(workers);
    long launched = System.nanoTime();
    Children.Accounted orchestrator = orchestrator(children, dir, name, plan, port, cluster, workers.size(),
        workers.stream().map(x -> "127.0.0.1:" + x.port()).toList());
    return await(orchestrator, launched, dir.resolve(name), sessions, workers, runs, start, startThreads,
        idlePerSecond);
  }

  private static Children.Accounted orchestrator(Children children, Path dir, String name, Path plan, int port,
                                                 String cluster, int minWorkers, List<String> join) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", plan.toString(), "--cluster", "--cluster-port",
        Integer.toString(port), "--cluster-name", cluster, "--min-workers", Integer.toString(minWorkers),
        "--worker-wait", "120s", "--out", dir.resolve(name).toString()));
    if (!join.isEmpty()) {
      args.addAll(List.of("--join", String.join(",", join)));
    }
    return children.accounted(jvm(), args, dir.resolve(name + "-orchestrator.log"), dir);
  }

  private static Worker worker(Children children, Path dir, String name, int join, int port, String cluster,
                               int capacity) throws IOException {
    List<String> flags = new ArrayList<>(jvm());
    // its "done with run" line tells when a run's work is over on it
    flags.add("-Dorg.slf4j.simpleLogger.log.io.loadstone.worker.node=info");
    // e.g. a profiler for the workers alone: CLUSTER_WORKER_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/w-%p.jfr
    String extra = System.getenv("CLUSTER_WORKER_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      flags.addAll(List.of(extra.trim().split("\\s+")));
    }
    Path log = dir.resolve(name + ".log");
    Process p = children.loadstone(flags, List.of("worker", "--join", "127.0.0.1:" + join, "--cluster-port",
        Integer.toString(port), "--cluster-name", cluster, "--name", name, "--capacity", Integer.toString(capacity)),
        log);
    return new Worker(name, p, log, port);
  }

  private static List<String> jvm() {
    return Stream.concat(JVM.stream(), Children.HAZELCAST_FLAGS.stream()).toList();
  }

  /**
   * Waits for the orchestrator to exit and for every worker to log its {@code runs}-th "done with run", then reads
   * the figures; the orchestrator's CPU is also read once its first phase event is written. {@code idlePerSecond}:
   * each worker's idle CPU rate in ticks/s, for what it would have spent idle over the same time.
   */
  private static ClusterFigures await(Children.Accounted orchestrator, long launched, Path out, int sessions,
                                      List<Worker> workers, int runs, long[] workerStart,
                                      List<Map<Long, ProcCpu.ThreadTicks>> threadStart, double[] idlePerSecond)
      throws Exception {
    long orchestratorAtFirstEvent = -1;
    Path events = out.resolve("events.jsonl");
    // each worker's threads by id, latest reading: sampled so that threads ending before the run's end still count
    List<Map<Long, ProcCpu.ThreadTicks>> threadSeen = workers.stream()
        .map(w -> (Map<Long, ProcCpu.ThreadTicks>) new HashMap<Long, ProcCpu.ThreadTicks>()).toList();
    long lastSample = 0;
    while (orchestrator.shell().isAlive()) {
      if (System.nanoTime() - lastSample > THREAD_SAMPLE_NANOS) {
        lastSample = System.nanoTime();
        sampleThreads(workers, threadSeen);
      }
      if (System.nanoTime() - launched > RUN_LIMIT_NANOS) {
        throw new IllegalStateException("the orchestrator ran past " + TimeUnit.NANOSECONDS.toMinutes(RUN_LIMIT_NANOS)
            + " min; see " + out.getParent());
      }
      if (orchestratorAtFirstEvent < 0 && Files.exists(events) && Files.size(events) > 0) {
        try {
          orchestratorAtFirstEvent = ProcCpu.ticks(orchestrator.javaPid());
        } catch (IllegalStateException gone) {
          // it exited between the two checks: only its whole-life figure is known
        }
      }
      orchestrator.shell().waitFor(50, TimeUnit.MILLISECONDS);
    }
    long wall = System.nanoTime() - launched;
    int exit = orchestrator.shell().exitValue();
    long orchestratorTicks = orchestrator.ticksAfterExit();
    boolean done = true;
    // a run that never got going (exit 2, 3) may have no worker that joined it: do not wait long for its end
    long deadline = System.nanoTime() + (exit <= 1 ? WORKER_DONE_LIMIT_NANOS : TimeUnit.SECONDS.toNanos(2));
    for (Worker w : workers) {
      while (count(w.log(), DONE_LINE) < runs && w.process().isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      done &= count(w.log(), DONE_LINE) >= runs;
    }
    long[] ticks = ticks(workers);
    sampleThreads(workers, threadSeen);
    List<Map<String, Long>> groups = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      groups.add(ProcCpu.groups(threadStart.get(i), threadSeen.get(i)));
    }
    double seconds = (System.nanoTime() - launched) / 1e9;
    long[] idle = new long[ticks.length];
    for (int i = 0; i < ticks.length; i++) {
      ticks[i] -= workerStart[i];
      idle[i] = Math.round(idlePerSecond[i] * seconds);
    }
    ClusterFigures.Spans spans = ClusterFigures.Spans.of(out, sessions);
    return new ClusterFigures(sessions, exit, wall, spans.running(), spans.toRunningNanos(), spans.lifecycleNanos(),
        orchestratorTicks, orchestratorAtFirstEvent < 0 ? -1 : orchestratorTicks - orchestratorAtFirstEvent,
        workers.stream().map(Worker::name).toList(), ticks, idle, groups, ClusterFigures.share(out), done);
  }

  private static long[] ticks(List<Worker> workers) {
    return workers.stream().mapToLong(Worker::ticks).toArray();
  }

  private static List<Map<Long, ProcCpu.ThreadTicks>> threads(List<Worker> workers) {
    return workers.stream().map(w -> ProcCpu.threads(w.process().pid())).toList();
  }

  private static void sampleThreads(List<Worker> workers, List<Map<Long, ProcCpu.ThreadTicks>> seen) {
    for (int i = 0; i < workers.size(); i++) {
      if (workers.get(i).process().isAlive()) {
        seen.get(i).putAll(ProcCpu.threads(workers.get(i).process().pid()));
      }
    }
  }

  private static int count(Path log, String needle) throws IOException {
    if (!Files.exists(log)) {
      return 0;
    }
    String text = Files.readString(log);
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  /** A first port of {@code count} consecutive free loopback ports (Hazelcast tries 10 from each node's port). */
  private static int freePorts(int count) throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
      boolean free = true;
      for (int p = base; p < base + count && free; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, loopback)) {
          s.setReuseAddress(true);
        } catch (IOException taken) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports on 127.0.0.1 between 20000 and 40000");
  }
}
