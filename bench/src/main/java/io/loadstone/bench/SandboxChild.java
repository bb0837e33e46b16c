package io.loadstone.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code loadstone sandbox --port 0} in its own JVM with the scale benches' short pod delays (ready median 500 ms,
 * p99 2 s, no schedule delay, delete grace 0), and the plan {@code target:} block that points at it: a password
 * file (0600) and a kubeconfig for its Kubernetes API, written next to its endpoints file.
 *
 * @param process the sandbox JVM (stopped by the {@link Children} that started it)
 * @param target  the flow-style YAML for a plan's {@code target:} key
 * @param api     the control plane's base URL (its {@code /sandbox/v1} admin API answers loopback callers)
 */
record SandboxChild(Process process, String target, String api) {
  private static final long START_LIMIT_SECONDS = 60;

  static SandboxChild start(Children children, Path dir, int agents) throws IOException, InterruptedException {
    return start(children, dir, List.of(), """
        agents: %d
        timings: {podReadyPollInterval: 200ms}
        pods: {scheduleDelay: 0s, readyDelay: {median: 500ms, p99: 2s}, deleteGrace: 0s, controllerDelay: 0s}
        """.formatted(agents));
  }

  /** A sandbox with this configuration (the {@code sandbox --config} YAML), its JVM started through {@code launcher}. */
  static SandboxChild start(Children children, Path dir, List<String> launcher, String configYaml)
      throws IOException, InterruptedException {
    Path config = dir.resolve("sandbox.yaml");
    Files.writeString(config, configYaml);
    Path endpointsFile = dir.resolve("endpoints.json");
    Path log = dir.resolve("sandbox.out");
    Process sandbox = children.loadstone(launcher, List.of("-Xmx2g", "-XX:+UseG1GC",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"), List.of("sandbox", "--port", "0", "--config",
        config.toString(), "--endpoints-file", endpointsFile.toString()), log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_LIMIT_SECONDS);
    while (!Files.exists(endpointsFile) || Files.size(endpointsFile) == 0) {
      if (!sandbox.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the sandbox did not start; see " + log);
      }
      Thread.sleep(100);
    }
    Thread.sleep(200); // the file is written in one go, but give the writer time to close it
    JsonNode ep = BenchRun.JSON.readTree(endpointsFile.toFile());
    Path passwordFile = dir.resolve("password");
    Files.writeString(passwordFile, ep.get("password").asText());
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, io.loadstone.sandbox.SandboxEndpoints.fromJson(
        new io.vertx.core.json.JsonObject(Files.readString(endpointsFile))).kubeconfigYaml());
    String target = "{api: \"%s\", username: %s, passwordFile: %s, kubeconfig: %s, namespace: %s}".formatted(
        ep.get("api").asText(), ep.get("username").asText(), passwordFile, kubeconfig, ep.get("namespace").asText());
    return new SandboxChild(sandbox, target, ep.get("api").asText());
  }
}
