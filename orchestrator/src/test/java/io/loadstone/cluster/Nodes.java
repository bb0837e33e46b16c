package io.loadstone.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Loadstone processes of one test: each a separate JVM running {@code io.loadstone.cli.Main} with this test's class
 * path, its output in {@code <dir>/<name>.out|.err}; every process still alive is killed by {@link #close()}.
 */
public final class Nodes implements AutoCloseable {
  public final Path dir;
  /** a cluster name of this test alone: another test's members on the same ports can never join it */
  public final String clusterName = "test-" + UUID.randomUUID().toString().substring(0, 8);
  private final java.util.Map<String, Process> processes = new java.util.LinkedHashMap<>();

  public Nodes(Path dir) {
    this.dir = dir;
  }

  public Process start(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dhazelcast.logging.type=slf4j",
        "-cp", System.getProperty("java.class.path"), "io.loadstone.cli.Main"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectOutput(out(name).toFile()).redirectError(err(name).toFile())
        .directory(dir.toFile()).start();
    processes.put(name, p);
    return p;
  }

  public Process process(String name) {
    return processes.get(name);
  }

  /** {@code kill -9}: no shutdown hook, no goodbye to the cluster. */
  public void kill(String name) throws InterruptedException {
    Process p = processes.get(name);
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  public Path out(String name) {
    return dir.resolve(name + ".out");
  }

  Path err(String name) {
    return dir.resolve(name + ".err");
  }

  public String output(String name) throws IOException {
    return (Files.exists(out(name)) ? Files.readString(out(name)) : "")
        + (Files.exists(err(name)) ? Files.readString(err(name)) : "");
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes.values()) {
      if (p.isAlive()) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
