package io.loadstone.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of the JVM's own threads that {@code ThreadMXBean} does not list: the JIT compilers ({@code C1/C2
 * CompilerThread}) and the garbage collector's ({@code GC Thread}, {@code G1 ...}), read from Linux's
 * {@code /proc/self/task/<tid>/stat} (utime + stime, in 1/100 s clock ticks). Sample it while the run goes (compiler
 * threads come and go, and a gone thread's time is only known from its last sample); {@link #since} is each group's
 * CPU after the first sample. Elsewhere than Linux it reports nothing.
 */
final class JvmThreadCpu {
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux
  private final Map<String, String> groupOf = new HashMap<>();
  private final Map<String, Long> first = new HashMap<>();
  private final Map<String, Long> last = new HashMap<>();
  private boolean started;

  /** Reads every JIT and GC thread's CPU now. */
  void sample() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return;
    }
    try (Stream<Path> list = Files.list(tasks)) {
      list.forEach(task -> {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          return; // the thread ended
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
          return;
        }
        String group = group(stat.substring(open + 1, close));
        if (group == null) {
          return;
        }
        String[] fields = stat.substring(close + 2).split(" ");
        // after "pid (comm) ": state is field 3 of stat(5), utime 14 and stime 15, i.e. indexes 11 and 12 here
        long nanos = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        String tid = task.getFileName().toString();
        groupOf.put(tid, group);
        if (!started) {
          first.put(tid, nanos);
        }
        last.put(tid, nanos);
      });
    } catch (IOException e) {
      return;
    }
    started = true;
  }

  /** Each group's CPU nanoseconds between the first sample and the latest one (threads born since count whole). */
  Map<String, Long> since() {
    Map<String, Long> out = new HashMap<>();
    last.forEach((tid, nanos) -> out.merge(groupOf.get(tid), nanos - first.getOrDefault(tid, 0L), Long::sum));
    return out;
  }

  private static String group(String comm) {
    if (comm.contains("CompilerThre")) {
      return "JIT compiler threads";
    }
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
      return "GC threads";
    }
    return null;
  }
}
