package io.loadstone.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The processes a benchmark starts: {@code loadstone} CLI JVMs on this JVM's classpath. Every one is stopped on
 * {@link #close()} and, should the bench die first (Ctrl-C, an exception past the try), by a shutdown hook: SIGTERM,
 * 30 s to exit, then SIGKILL, descendants first.
 */
final class Children implements AutoCloseable {
  /** What Hazelcast wants on Java 17 (stack-notes section 2; the same as the {@code loadstone} launcher passes). */
  static final List<String> HAZELCAST_FLAGS = List.of("-Dhazelcast.logging.type=slf4j", "--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");
  private static final long STOP_WAIT_SECONDS = 30;

  /** A JVM run under {@code sh} so that its whole CPU time can be read after it exited (see {@link #accounted}). */
  record Accounted(Process shell, long javaPid, Path statFile) {
    /** The JVM's CPU ticks over its whole life; only once {@code shell} exited. */
    long ticksAfterExit() throws IOException {
      return ProcCpu.waitedChildrenTicks(Files.readString(statFile));
    }
  }

  private final List<ProcessHandle> started = new CopyOnWriteArrayList<>();
  private final Thread hook = new Thread(this::stopAll, "bench-children-stop");

  Children() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts {@code io.loadstone.cli.Main args} in a JVM with these flags; stdout and stderr go to {@code log}. */
  Process loadstone(List<String> jvmFlags, List<String> args, Path log) throws IOException {
    return loadstone(List.of(), jvmFlags, args, log);
  }

  /** As {@link #loadstone(List, List, Path)}, the JVM started through {@code launcher} (e.g. {@code taskset -c 1}). */
  Process loadstone(List<String> launcher, List<String> jvmFlags, List<String> args, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(launcher);
    cmd.addAll(command(jvmFlags, args));
    return start(cmd, log);
  }

  /**
   * Like {@link #loadstone}, but the JVM is a child of a shell that waits for it and then saves its own
   * {@code /proc/self/stat}: its cutime + cstime are then exactly the JVM's CPU from start to exit, which
   * {@code /proc/<jvm>/stat} can no longer tell once the JVM is gone.
   */
  Accounted accounted(List<String> jvmFlags, List<String> args, Path log, Path workDir) throws IOException,
      InterruptedException {
    Path pidFile = Files.createTempFile(workDir, "jvm", ".pid");
    Path statFile = Files.createTempFile(workDir, "jvm", ".stat");
    List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c",
        "\"$@\" & jvm=$!; echo \"$jvm\" > \"$BENCH_PID_FILE\"; wait \"$jvm\"; rc=$?; "
            + "cat /proc/$$/stat > \"$BENCH_STAT_FILE\"; exit $rc", "sh"));
    cmd.addAll(command(jvmFlags, args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("BENCH_PID_FILE", pidFile.toString());
    pb.environment().put("BENCH_STAT_FILE", statFile.toString());
    Process shell = start(pb.command(), log, pb);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String pid;
    while (!(pid = Files.readString(pidFile).trim()).matches("\\d+")) {
      if (!shell.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the JVM under sh did not start; see " + log);
      }
      Thread.sleep(20);
    }
    // should the shell die first, the JVM would outlive it as an orphan, out of reach of descendants()
    ProcessHandle.of(Long.parseLong(pid)).ifPresent(started::add);
    return new Accounted(shell, Long.parseLong(pid), statFile);
  }

  /** SIGTERM to the process and its descendants, up to 30 s to exit, then SIGKILL. Returns its exit code or -1. */
  int stop(Process process) {
    stop(process.toHandle());
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it stops the same processes
    }
  }

  private void stopAll() {
    started.forEach(Children::stop);
  }

  private static void stop(ProcessHandle process) {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process);
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        h.destroyForcibly();
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        h.destroyForcibly();
      }
    }
  }

  private Process start(List<String> command, Path log) throws IOException {
    return start(command, log, new ProcessBuilder(command));
  }

  private Process start(List<String> command, Path log, ProcessBuilder pb) throws IOException {
    Process p = pb.command(command).redirectOutput(log.toFile()).redirectErrorStream(true).start();
    started.add(p.toHandle());
    return p;
  }

  private static List<String> command(List<String> jvmFlags, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.loadstone.cli.Main"));
    cmd.addAll(args);
    return cmd;
  }
}
