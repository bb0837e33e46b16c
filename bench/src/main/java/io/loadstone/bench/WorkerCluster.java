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
 * W {@code loadstone worker} JVMs in a cluster of their own, serving run after run: each run is a fresh
 * {@code loadstone run --cluster} JVM that joins them. Measured from outside every JVM ({@code /proc/<pid>/stat}):
 * <ul>
 *   <li>each worker's CPU from the orchestrator's launch until the worker logged that it is done with the run, split
 *       by thread group (every thread's CPU sampled each 0.5 s from {@code /proc/<pid>/task});
 *   <li>what each worker spends idle ({@link #probeIdle}), to show how much of a per-session figure is not sessions;
 *   <li>the orchestrator's CPU over its life (under {@code sh}, which reads it from its own cutime/cstime) and from
 *       its first phase event to its exit.
 * </ul>
 * Closing it stops the workers.
 */
final class WorkerCluster implements AutoCloseable {
  private static final long RUN_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(20);
  private static final long WORKER_DONE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long THREAD_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long IDLE_SETTLE_MILLIS = 2_000;
  private static final long IDLE_PROBE_MILLIS = 5_000;
  private static final String DONE_LINE = ": done with run ";
  private static final String JOINED_LINE = " joined run ";
  /** as `./loadstone run` and `./loadstone worker` start their JVMs: C1 only (see the launcher) */
  private static final List<String> JVM = List.of("-Xmx1g", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1",
      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.showDateTime=true");

  private record Worker(String name, Process process, Path log, int port) {
    long ticks() {
      return ProcCpu.ticks(process.pid());
    }
  }

  private final Children children;
  private final Path dir;
  private final int port;
  private final String cluster;
  private final List<Worker> workers = new ArrayList<>();
  private final double[] idlePerSecond;
  private int runs;
  private ClusterFigures first;

  private WorkerCluster(Children children, Path dir, int size) throws IOException {
    this.children = children;
    this.dir = Files.createDirectories(dir);
    this.port = freePorts(10 * (size + 1));
    this.cluster = "bench-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000000, Integer.MAX_VALUE));
    this.idlePerSecond = new double[size];
  }

  /**
   * {@code size} fresh workers of {@code capacity} each, warmed by a first run of {@code warmPlan}: its orchestrator
   * starts the cluster and the workers join it and stay. Its figures are {@link #first()}.
   */
  static WorkerCluster start(Children children, Path dir, int size, int capacity, Path warmPlan, int warmSessions)
      throws Exception {
    WorkerCluster c = new WorkerCluster(children, dir, size);
    try {
      Children.Accounted orchestrator = c.orchestrator("warmup", warmPlan, List.of());
      long launched = System.nanoTime();
      for (int i = 1; i <= size; i++) {
        c.workers.add(c.worker(i, c.port + 10 * i, capacity));
      }
      c.first = c.await(orchestrator, launched, dir.resolve("warmup"), warmSessions, new long[size],
          c.workers.stream().map(x -> Map.<Long, ProcCpu.ThreadTicks>of()).toList());
      return c;
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
  }

  String describe() {
    return String.format("cluster \"%s\" on 127.0.0.1:%d", cluster, port);
  }

  int size() {
    return workers.size();
  }

  ClusterFigures first() {
    return first;
  }

  /**
   * What the workers spend doing nothing (Hazelcast heartbeats, Vert.x timers) once the last run's tail settled; kept
   * for {@link ClusterFigures#workerNetMsPerSession()}. Returns a line, e.g. "w1 10.0 ms CPU/s".
   */
  String probeIdle() throws InterruptedException {
    Thread.sleep(IDLE_SETTLE_MILLIS);
    long[] idle0 = ticks();
    long idleStart = System.nanoTime();
    Thread.sleep(IDLE_PROBE_MILLIS);
    long[] idle1 = ticks();
    double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < workers.size(); i++) {
      idlePerSecond[i] = (idle1[i] - idle0[i]) / idleSeconds;
      line.append(String.format("%s %.1f ms CPU/s  ", workers.get(i).name(),
          ClusterFigures.ms(idle1[i] - idle0[i]) / idleSeconds));
    }
    return String.format("%s(over %.1f s)", line, idleSeconds);
  }

  /** One run of {@code plan} on these workers: a fresh orchestrator JVM joins them; its output goes to dir/name. */
  ClusterFigures run(String name, Path plan, int sessions) throws Exception {
    long[] start = ticks();
    List<Map<Long, ProcCpu.ThreadTicks>> startThreads = workers.stream()
        .map(w -> ProcCpu.threads(w.process().pid())).toList();
    long launched = System.nanoTime();
    Children.Accounted orchestrator = orchestrator(name, plan,
        workers.stream().map(x -> "127.0.0.1:" + x.port()).toList());
    return await(orchestrator, launched, dir.resolve(name), sessions, start, startThreads);
  }

  @Override
  public void close() {
    for (Worker worker : workers) {
      children.stop(worker.process());
    }
  }

  private Children.Accounted orchestrator(String name, Path plan, List<String> join) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", plan.toString(), "--cluster", "--cluster-port",
        Integer.toString(port), "--cluster-name", cluster, "--min-workers", Integer.toString(idlePerSecond.length),
        "--worker-wait", "120s", "--out", dir.resolve(name).toString()));
    if (!join.isEmpty()) {
      args.addAll(List.of("--join", String.join(",", join)));
    }
    return children.accounted(jvm(), args, dir.resolve(name + "-orchestrator.log"), dir);
  }

  private Worker worker(int index, int ownPort, int capacity) throws IOException {
    String name = "w" + index;
    List<String> flags = new ArrayList<>(jvm());
    // its "done with run" line tells when a run's work is over on it
    flags.add("-Dorg.slf4j.simpleLogger.log.io.loadstone.worker.node=info");
    // e.g. a profiler for the workers alone: CLUSTER_WORKER_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/w-%p.jfr
    String extra = System.getenv("CLUSTER_WORKER_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      flags.addAll(List.of(extra.trim().split("\\s+")));
    }
    Path log = dir.resolve(name + ".log");
    Process p = children.loadstone(pinning(index), flags, List.of("worker", "--join", "127.0.0.1:" + port, "--cluster-port",
        Integer.toString(ownPort), "--cluster-name", cluster, "--name", name, "--capacity", Integer.toString(capacity)),
        log);
    return new Worker(name, p, log, ownPort);
  }

  /**
   * CLUSTER_PIN_WORKERS=1: worker i runs on CPU (i - 1) mod CPUs only ({@code taskset}), so that each worker has a
   * core (and its caches) of its own, as on machines of their own; the sandbox and orchestrator float. The default
   * lets the scheduler put any JVM anywhere.
   */
  private static List<String> pinning(int index) {
    if (!"1".equals(System.getenv("CLUSTER_PIN_WORKERS"))) {
      return List.of();
    }
    return List.of("taskset", "-c", Integer.toString((index - 1) % Runtime.getRuntime().availableProcessors()));
  }

  private static List<String> jvm() {
    return Stream.concat(JVM.stream(), Children.HAZELCAST_FLAGS.stream()).toList();
  }

  /**
   * Waits for the orchestrator to exit and for every worker to log its next "done with run", then reads the figures;
   * the orchestrator's CPU is also read once its first phase event is written, and each worker's when it logs that it
   * joined the run and that it is done with it (its run window).
   */
  private ClusterFigures await(Children.Accounted orchestrator, long launched, Path out, int sessions,
                               long[] workerStart, List<Map<Long, ProcCpu.ThreadTicks>> threadStart)
      throws Exception {
    runs++;
    long orchestratorAtFirstEvent = -1;
    Path events = out.resolve("events.jsonl");
    // each worker's threads by id, latest reading: sampled so that threads ending before the run's end still count
    List<Map<Long, ProcCpu.ThreadTicks>> threadSeen = workers.stream()
        .map(w -> (Map<Long, ProcCpu.ThreadTicks>) new HashMap<Long, ProcCpu.ThreadTicks>()).toList();
    long[] atJoined = filled(-1);
    long[] atDone = filled(-1);
    long lastSample = 0;
    while (orchestrator.shell().isAlive()) {
      if (System.nanoTime() - lastSample > THREAD_SAMPLE_NANOS) {
        lastSample = System.nanoTime();
        sampleThreads(threadSeen);
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
      window(atJoined, atDone);
      orchestrator.shell().waitFor(50, TimeUnit.MILLISECONDS);
    }
    long wall = System.nanoTime() - launched;
    int exit = orchestrator.shell().exitValue();
    long orchestratorTicks = orchestrator.ticksAfterExit();
    boolean done = true;
    // a run that never got going (exit 2, 3) may have no worker that joined it: do not wait long for its end
    long deadline = System.nanoTime() + (exit <= 1 ? WORKER_DONE_LIMIT_NANOS : TimeUnit.SECONDS.toNanos(2));
    for (int i = 0; i < workers.size(); i++) {
      Worker w = workers.get(i);
      while (atDone[i] < 0 && w.process().isAlive() && System.nanoTime() < deadline) {
        window(atJoined, atDone);
        Thread.sleep(50);
      }
      done &= atDone[i] >= 0;
    }
    long[] ticks = ticks();
    sampleThreads(threadSeen);
    List<Map<String, Long>> groups = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      groups.add(ProcCpu.groups(threadStart.get(i), threadSeen.get(i)));
    }
    double seconds = (System.nanoTime() - launched) / 1e9;
    long[] idle = new long[ticks.length];
    long[] windows = new long[ticks.length];
    for (int i = 0; i < ticks.length; i++) {
      ticks[i] -= workerStart[i];
      idle[i] = Math.round(idlePerSecond[i] * seconds);
      windows[i] = atJoined[i] < 0 || atDone[i] < 0 ? -1 : atDone[i] - atJoined[i];
    }
    ClusterFigures.Spans spans = ClusterFigures.Spans.of(out, sessions);
    return new ClusterFigures(sessions, exit, wall, spans.running(), spans.toRunningNanos(), spans.lifecycleNanos(),
        orchestratorTicks, orchestratorAtFirstEvent < 0 ? -1 : orchestratorTicks - orchestratorAtFirstEvent,
        workers.stream().map(Worker::name).toList(), ticks, idle, windows, groups, ClusterFigures.share(out), done);
  }

  /**
   * Reads each worker's CPU the first time its log shows that it joined this run, and that it is done with it: the
   * run's window on that worker, without the orchestrator's JVM start, cluster join and leave, or its report.
   */
  private void window(long[] atJoined, long[] atDone) throws IOException {
    for (int i = 0; i < workers.size(); i++) {
      Worker w = workers.get(i);
      if (atDone[i] >= 0 || !w.process().isAlive()) {
        continue;
      }
      String log = Files.exists(w.log()) ? Files.readString(w.log()) : "";
      if (atJoined[i] < 0 && count(log, JOINED_LINE) >= runs) {
        atJoined[i] = w.ticks();
      }
      if (atJoined[i] >= 0 && count(log, DONE_LINE) >= runs) {
        atDone[i] = w.ticks();
      }
    }
  }

  private long[] filled(long value) {
    long[] a = new long[workers.size()];
    java.util.Arrays.fill(a, value);
    return a;
  }

  private long[] ticks() {
    return workers.stream().mapToLong(Worker::ticks).toArray();
  }

  private void sampleThreads(List<Map<Long, ProcCpu.ThreadTicks>> seen) {
    for (int i = 0; i < workers.size(); i++) {
      if (workers.get(i).process().isAlive()) {
        seen.get(i).putAll(ProcCpu.threads(workers.get(i).process().pid()));
      }
    }
  }

  private static int count(String text, String needle) {
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
