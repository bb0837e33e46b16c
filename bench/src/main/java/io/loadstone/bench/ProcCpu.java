package io.loadstone.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
