package io.loadstone.cli;

import io.loadstone.cluster.Cluster;
import io.loadstone.cluster.ClusterOptions;
import io.loadstone.common.message.codec.Codecs;
import io.loadstone.worker.node.WorkerNode;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code loadstone worker}: a worker node that joins a cluster and runs sessions of the runs offered to it. */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Join a Loadstone cluster as a worker node: take sessions of the runs that orchestrators (`loadstone run PLAN --cluster`) offer, up to --capacity at a time, until stopped.",
        "SIGTERM or Ctrl-C drains it: no new sessions, and every session under way is handed back to its orchestrator (sessions already being deleted finish first).",
        "If the orchestrator leaves the cluster, the worker terminates the sessions it owns (--keep-sessions leaves them running; `loadstone cleanup --run ID` removes them later)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:drained and stopped (SIGTERM, Ctrl-C)", "2:bad option",
        "3:could not join the cluster, or the drain did not finish within 2 minutes"})
final class WorkerCommand implements Callable<Integer> {
  private static final long DRAIN_LIMIT_SECONDS = 120;

  @Spec
  CommandSpec spec;

  @Mixin
  ClusterMixin cluster = new ClusterMixin();

  @Option(names = "--capacity", paramLabel = "C", description = "Sessions run at once (default: ${DEFAULT-VALUE}).")
  int capacity = WorkerNode.DEFAULT_CAPACITY;

  @Option(names = "--name", paramLabel = "NAME", description = "Worker name in reports (default: <host>-<pid>).")
  String name;

  @Option(names = "--keep-sessions",
      description = "When the orchestrator is lost, leave its sessions running instead of terminating them.")
  boolean keepSessions;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (capacity < 1) {
      throw new ParameterException(spec.commandLine(), "--capacity: expected >= 1, got " + capacity);
    }
    ClusterOptions options;
    try {
      options = cluster.options();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    String workerName = name != null ? name : InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    Vertx vertx;
    try {
      vertx = Cluster.start(options).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      err.println("loadstone: worker " + workerName + " could not start its cluster node on " + options.host() + ":"
          + options.port() + ": " + ExitCodes.describe(e));
      err.flush();
      return Main.EXIT_INFRASTRUCTURE;
    }
    if (!options.join().isEmpty() && Cluster.members(vertx) < 2) {
      // Hazelcast starts a cluster of one when nobody answers: a worker alone can never get work
      err.println("loadstone: worker " + workerName + " could not reach the cluster \"" + options.name() + "\" at "
          + options.describeJoin() + " (no member answered)");
      err.flush();
      vertx.close().await(20, TimeUnit.SECONDS);
      return Main.EXIT_INFRASTRUCTURE;
    }
    Codecs.registerAll(vertx.eventBus());
    WorkerNode node = new WorkerNode(new WorkerNode.Settings(workerName, Cluster.nodeId(vertx), capacity, keepSessions));
    vertx.deployVerticle(node).await(30, TimeUnit.SECONDS);
    var context = vertx.getOrCreateContext();
    Cluster.onMembership(vertx, context, joined -> { }, left -> node.nodeLeft(left));
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      boolean clean = false;
      try {
        err.println("loadstone: worker " + workerName + " draining");
        err.flush();
        java.util.concurrent.CompletableFuture<Void> drained = new java.util.concurrent.CompletableFuture<>();
        context.runOnContext(v -> node.drain().onComplete(ar -> drained.complete(null)));
        drained.get(DRAIN_LIMIT_SECONDS, TimeUnit.SECONDS);
        err.println("loadstone: worker " + workerName + " drained");
        err.flush();
        clean = true;
      } catch (Exception e) {
        err.println("loadstone: worker " + workerName + " stopped before draining finished: " + e);
        err.flush();
      } finally {
        try {
          vertx.close().await(20, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // leaving anyway
        }
        stopped.countDown();
        // the JVM would report 143 for SIGTERM; a drain that finished is a clean stop, and scripts should see 0
        Runtime.getRuntime().halt(clean ? Main.EXIT_OK : Main.EXIT_INFRASTRUCTURE);
      }
    }, "loadstone-worker-drain");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println("worker " + workerName + " joined cluster \"" + options.name() + "\" (" + Cluster.members(vertx)
        + " members, node " + Cluster.nodeId(vertx) + "); " + capacity + " sessions at a time; waiting for runs");
    out.flush();
    stopped.await();
    return Main.EXIT_OK;
  }
}
