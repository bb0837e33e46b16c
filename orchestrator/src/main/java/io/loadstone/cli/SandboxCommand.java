package io.loadstone.cli;

import io.loadstone.sandbox.Sandbox;
import io.loadstone.sandbox.SandboxEndpoints;
import io.loadstone.sandbox.config.SandboxConfig;
import io.loadstone.sandbox.config.SandboxConfigLoader;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code loadstone sandbox}: serves a StreamSpace v2 platform on loopback until interrupted. */
@Command(name = "sandbox", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Start the sandbox: a StreamSpace v2 control plane, N agents, a Kubernetes API and a pod simulator in one process, on 127.0.0.1, until interrupted (Ctrl-C shuts it down cleanly).",
        "Timings, pod delays and faults default to the real platform's; change them with --config.",
        "Faults can also be switched at run time with POST/GET/DELETE <api>/sandbox/v1/faults; the ground truth is at GET <api>/sandbox/v1/truth."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped cleanly", "2:bad option or config file", "3:could not start (e.g. port taken)"})
final class SandboxCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "P", description = "Control plane port; 0 = any free port (default: ${DEFAULT-VALUE}, as the real API).")
  int port = 8000;

  @Option(names = "--agents", paramLabel = "N", description = "Number of agents, ids k8s-agent-1..N (default: the config's, else 1).")
  Integer agents;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML/JSON sandbox config: timings, pods (delay distributions), faults, users.")
  Path config;

  @Option(names = "--endpoints-file", paramLabel = "F",
      description = "Write the endpoints (api, kubernetes, namespace, username, password, agents) as JSON to F once ready (mode 600).")
  Path endpointsFile;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (port < 0 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port: expected 0..65535, got " + port);
    }
    if (agents != null && agents < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--agents: expected >= 0, got " + agents);
    }
    SandboxConfig cfg = config == null ? SandboxConfig.defaults() : SandboxConfigLoader.load(config);
    cfg = cfg.withPort(port);
    if (agents != null) {
      cfg = cfg.withAgents(agents);
    }
    Vertx vertx = Vertx.vertx();
    Sandbox sandbox;
    try {
      sandbox = Sandbox.start(vertx, cfg).await();
    } catch (Exception e) {
      vertx.close().await();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Path written = endpointsFile;
    Thread hook = new Thread(() -> {
      try {
        sandbox.close().eventually(vertx::close).await(20, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // shutting down anyway; nothing left to report to
      } finally {
        deleteQuietly(written);
        stopped.countDown();
      }
    }, "loadstone-sandbox-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    SandboxEndpoints endpoints = sandbox.endpoints();
    if (endpointsFile != null) {
      writePrivately(endpointsFile, endpoints.toJson().encodePrettily());
    }
    out.println("Loadstone sandbox is up (StreamSpace v2 contract; seed " + sandbox.seed() + ")");
    out.println("  api:        " + endpoints.api());
    out.println("  kubernetes: " + endpoints.kubernetes());
    out.println("  namespace:  " + endpoints.namespace());
    out.println("  username:   " + endpoints.username());
    out.println("  password:   " + (endpointsFile != null ? "in " + endpointsFile + " (mode 600)"
        : "not shown; pass --endpoints-file F to get it in a private file"));
    out.println("  agents:     " + String.join(", ", endpoints.agents()));
    out.println("  faults:     " + sandbox.faults().active().size() + " active; " + endpoints.api() + "/sandbox/v1/faults");
    out.println("Press Ctrl-C to stop.");
    out.flush();
    stopped.await();
    return Main.EXIT_OK;
  }

  private static void writePrivately(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = Files.createTempFile(dir, ".endpoints", ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system; the file keeps the platform default permissions
    }
    Files.writeString(tmp, content);
    // readers polling for the file never see it half-written
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // stale endpoints file; readers check the api answers anyway
      }
    }
  }
}
