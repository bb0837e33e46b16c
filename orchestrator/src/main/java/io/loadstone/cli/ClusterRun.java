package io.loadstone.cli;

import io.loadstone.cluster.Cluster;
import io.loadstone.cluster.ClusterOptions;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.RunSpec;
import io.loadstone.common.time.Durations;
import io.loadstone.orchestrator.run.RunVerticle;
import io.loadstone.sandbox.SandboxEndpoints;
import io.loadstone.worker.node.WorkerNode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The cluster side of {@code run --cluster}: the clustered node, the spec workers get, waiting for them. */
final class ClusterRun {
  private final ClusterOptions options;
  private final int minWorkers;
  private final int localWorkers;
  private final Duration workerWait;
  private final List<String> localDeployments = new ArrayList<>();

  ClusterRun(ClusterOptions options, int minWorkers, int localWorkers, Duration workerWait) {
    if (minWorkers < 1) {
      throw new IllegalArgumentException("--min-workers: expected >= 1, got " + minWorkers);
    }
    if (localWorkers < 0) {
      throw new IllegalArgumentException("--local-workers: expected >= 0, got " + localWorkers);
    }
    this.options = options;
    this.minWorkers = minWorkers;
    this.localWorkers = localWorkers;
    this.workerWait = workerWait;
  }

  /** Joins (or starts) the cluster; fails with a message naming where. */
  Vertx start() {
    try {
      Vertx vertx = Cluster.start(options).await(60, TimeUnit.SECONDS);
      if (!options.join().isEmpty() && Cluster.members(vertx) < 2) {
        vertx.close().await(20, TimeUnit.SECONDS);
        throw new IllegalStateException("could not reach the cluster \"" + options.name() + "\" at "
            + options.describeJoin() + " (no member answered)");
      }
      return vertx;
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the cluster node on " + options.host() + ":" + options.port()
          + ": " + ExitCodes.describe(e), e);
    }
  }

  /** What workers get: the plan text, and the embedded sandbox's endpoints when there is one. */
  RunSpec spec(Vertx vertx, RunId run, Path planFile, SandboxEndpoints sandbox) {
    String yaml;
    try {
      yaml = Files.readString(planFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String node = Cluster.nodeId(vertx);
    if (sandbox == null) {
      return new RunSpec(run, node, planFile.toString(), yaml, null, null, null, null, null);
    }
    return new RunSpec(run, node, planFile.toString(), yaml, sandbox.api(), sandbox.username(), sandbox.password(),
        sandbox.kubernetes(), sandbox.namespace());
  }

  /**
   * Starts the local workers, follows cluster membership for the orchestrator, and waits for {@code minWorkers};
   * returns null when they joined, else the line saying what is missing.
   */
  String awaitWorkers(Vertx vertx, RunVerticle orchestrator, Progress progress) {
    Cluster.onMembership(vertx, vertx.getOrCreateContext(), joined -> { }, orchestrator::nodeLeft);
    String node = Cluster.nodeId(vertx);
    for (int i = 1; i <= localWorkers; i++) {
      localDeployments.add(vertx.deployVerticle(new WorkerNode(new WorkerNode.Settings("local-" + i, node,
          WorkerNode.DEFAULT_CAPACITY, false))).await());
    }
    long deadline = System.nanoTime() + workerWait.toNanos();
    long timer = vertx.setPeriodic(1000, id -> progress.line("waiting for workers: " + orchestrator.liveWorkers()
        + "/" + minWorkers + " joined (cluster \"" + options.name() + "\", " + Cluster.members(vertx) + " members)"));
    try {
      orchestrator.workersReady().await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
      return null;
    } catch (java.util.concurrent.TimeoutException e) {
      return "only " + orchestrator.liveWorkers() + " of " + minWorkers + " workers joined within "
          + Durations.format(workerWait) + " (cluster \"" + options.name() + "\" on " + options.host() + ":"
          + options.port() + "; start them with `loadstone worker --join " + options.host() + ":" + options.port()
          + "`)";
    } finally {
      vertx.cancelTimer(timer);
    }
  }

  void stopLocalWorkers(Vertx vertx) {
    localDeployments.forEach(id -> vertx.undeploy(id).await());
    localDeployments.clear();
  }
}
