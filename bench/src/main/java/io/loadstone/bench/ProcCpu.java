package io.loadstone.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A process's CPU time from Linux's {@code /proc/<pid>/stat}: user + system time of all its threads, in clock ticks
 * ({@code getconf CLK_TCK}, usually 100 a second). Readable from outside the process, so the measured JVM runs no
 * probe of its own.
 */
final class ProcCpu {
  /** Clock ticks per second, as {@code getconf CLK_TCK} says (100 if it cannot be asked). */
  static final long TICKS_PER_SECOND = ticksPerSecond();

  private ProcCpu() {
  }

  /** utime + stime of a live process, in ticks; fails if the process is gone. */
  static long ticks(long pid) {
    try {
      return ownTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/stat (process gone?): " + e.getMessage(), e);
    }
  }

  /** utime + stime (fields 14, 15) of one {@code /proc/<pid>/stat} line. */
  static long ownTicks(String statLine) {
    String[] f = fieldsAfterName(statLine);
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** cutime + cstime (fields 16, 17): the CPU of the children this process has waited for. */
  static long waitedChildrenTicks(String statLine) {
    String[] f = fieldsAfterName(statLine);
    return Long.parseLong(f[13]) + Long.parseLong(f[14]);
  }

  /** One thread's name (as the kernel keeps it: 15 characters at most) and its CPU ticks so far. */
  record ThreadTicks(String name, long ticks) {
  }

  /** Every live thread of a process by thread id; threads that end between listing and reading are left out. */
  static Map<Long, ThreadTicks> threads(long pid) {
    Map<Long, ThreadTicks> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      tasks.forEach(task -> {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          out.put(Long.parseLong(task.getFileName().toString()), new ThreadTicks(name, ownTicks(stat)));
        } catch (IOException | RuntimeException ended) {
          // the thread ended meanwhile
        }
      });
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc/" + pid + "/task (process gone?): " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * CPU ticks per thread group between two {@link #threads} readings: names without a leading or trailing number
   * ({@code GC Thread#1} -> {@code GC Thread}), all Hazelcast threads as {@code hz.*}. A thread's CPU after its
   * last reading in {@code after} is missing, so the groups may add up to a little less than the process's CPU.
   */
  static Map<String, Long> groups(Map<Long, ThreadTicks> before, Map<Long, ThreadTicks> after) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach((tid, t) -> {
      ThreadTicks b = before.get(tid);
      long ticks = t.ticks() - (b != null && b.name().equals(t.name()) ? b.ticks() : 0);
      String group = t.name().startsWith("hz.") ? "hz.*" : t.name().replaceAll("^-?\\d+-|[-#]?\\d+$", "");
      // "<hash>-pool-N-thread-M" is cut to 15 characters at different places
      group = group.startsWith("poo") ? "pool-*" : group;
      out.merge(group, ticks, Long::sum);
    });
    return out;
  }

  static double seconds(long ticks) {
    return ticks / (double) TICKS_PER_SECOND;
  }

  // field 2 is "(comm)" and comm may hold spaces or parentheses: split after the last ')'; [0] is field 3
  private static String[] fieldsAfterName(String statLine) {
    return statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" +");
  }

  private static long ticksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor() == 0 ? Long.parseLong(out) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
