package io.loadstone.cli;

import io.loadstone.common.message.RunId;
import io.loadstone.common.message.codec.Codecs;
import io.loadstone.common.plan.InvalidPlanException;
import io.loadstone.common.plan.MissingSecretException;
import io.loadstone.common.plan.Plan;
import io.loadstone.orchestrator.agents.AgentReport;
import io.loadstone.orchestrator.agents.AgentWatch;
import io.loadstone.orchestrator.report.ReportFiles;
import io.loadstone.orchestrator.report.RunConfiguration;
import io.loadstone.orchestrator.report.RunReport;
import io.loadstone.orchestrator.report.RunTarget;
import io.loadstone.orchestrator.run.EventLog;
import io.loadstone.orchestrator.run.LeftoverScan;
import io.loadstone.orchestrator.run.RunReports;
import io.loadstone.orchestrator.run.RunResult;
import io.loadstone.orchestrator.run.RunVerticle;
import io.loadstone.orchestrator.steps.AgentConditions;
import io.loadstone.orchestrator.steps.WatchedAgents;
import io.loadstone.orchestrator.steps.KubeAgentActions;
import io.loadstone.orchestrator.steps.RunStepEffects;
import io.loadstone.orchestrator.steps.SandboxFaultApi;
import io.loadstone.orchestrator.steps.StepRunner;
import io.loadstone.sandbox.Sandbox;
import io.loadstone.sandbox.SandboxEndpoints;
import io.loadstone.worker.TargetEndpoints;
import io.loadstone.worker.WorkerVerticle;
import io.loadstone.worker.kube.KubeTarget;
import io.loadstone.worker.kube.KubeUnreachableException;
import io.loadstone.worker.platform.LoginRefusedException;
import io.loadstone.worker.platform.PlatformClient;
import io.loadstone.worker.platform.PlatformTarget;
import io.loadstone.worker.platform.PlatformUnreachableException;
import io.loadstone.worker.platform.SessionStates;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loadstone run PLAN [--out DIR]}: runs a plan end to end in this JVM and writes its report. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Run a plan: validate it, start the embedded sandbox from its sandbox: block (or use its target:), run every "
            + "session on a worker, and write report.md, results.json, junit.xml, events.jsonl (and "
            + "sandbox-truth.json with the sandbox) into runs/<run id>/ or --out.",
        "The platform's agents are watched throughout (GET /api/v1/admin/agents every 500 ms); the plan's steps:, if "
            + "any, fire faults and session actions at their times, and a step that fails or times out fails the run.",
        "Progress (counts per phase, and the step under way, at most once a second) goes to stderr.",
        "With --cluster the run joins a Loadstone cluster, waits for --min-workers worker nodes (`loadstone worker`), "
            + "and hands the sessions out to them by their capacity; a worker lost mid-run has its sessions taken over "
            + "by the others."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every criterion met (and every step done)", "1:a criterion or a step failed",
        "2:bad usage or invalid plan",
        "3:infrastructure error (platform or Kubernetes unreachable, login refused)"})
final class RunCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PLAN", description = "The plan file (YAML).")
  Path planFile;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/<run id>).")
  Path out;

  @Option(names = "--capacity", paramLabel = "C",
      description = "Without --cluster: sessions this JVM's worker runs at once; the others wait for a free slot "
          + "(default: all of the plan's at once, a burst).")
  Integer capacity;

  @Option(names = "--cluster", description = "Run the sessions on worker nodes of a cluster instead of in this JVM.")
  boolean clustered;

  @picocli.CommandLine.Mixin
  ClusterMixin cluster = new ClusterMixin();

  @Option(names = "--min-workers", paramLabel = "N",
      description = "With --cluster: workers that must join before the run starts (default: ${DEFAULT-VALUE}).")
  int minWorkers = 1;

  @Option(names = "--local-workers", paramLabel = "N",
      description = "With --cluster: worker nodes to start in this JVM as well (default: ${DEFAULT-VALUE}).")
  int localWorkers;

  @Option(names = "--worker-wait", paramLabel = "DURATION",
      description = "With --cluster: how long to wait for --min-workers (default: ${DEFAULT-VALUE}).")
  String workerWait = "60s";

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Plan plan;
    try {
      plan = PlanSandbox.load(planFile);
    } catch (InvalidPlanException e) {
      e.lines().forEach(err::println);
      err.println(planFile + ": invalid (" + e.problems().size() + (e.problems().size() == 1 ? " problem)" : " problems)"));
      err.flush();
      return Main.EXIT_USAGE;
    }
    // the embedded sandbox narrates every command at info, which would bury the progress lines; a user who
    // wants it sets the property (LOADSTONE_JAVA_OPTS=-Dorg.slf4j.simpleLogger.log.io.loadstone.sandbox=info)
    System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.io.loadstone.sandbox", "warn");
    if (capacity != null && (capacity < 1 || clustered)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), clustered
          ? "--capacity: a cluster run's capacity is its workers' (`loadstone worker --capacity C`); drop --capacity"
          : "--capacity: expected >= 1, got " + capacity);
    }
    ClusterRun clusterRun = null;
    if (clustered) {
      try {
        clusterRun = new ClusterRun(cluster.options(), minWorkers, localWorkers,
            io.loadstone.common.time.Durations.parse(workerWait));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    RunId run = RunId.generate();
    Path dir = out != null ? out : Path.of("runs", run.value());
    Files.createDirectories(dir);
    Instant startedAt = Instant.now();
    Progress progress = new Progress(err, System.console() != null);
    Vertx vertx;
    if (clusterRun != null) {
      try {
        vertx = clusterRun.start();
      } catch (RuntimeException e) {
        err.println("loadstone: " + e.getMessage());
        err.flush();
        return Main.EXIT_INFRASTRUCTURE;
      }
    } else {
      vertx = Vertx.vertx();
    }
    Codecs.registerAll(vertx.eventBus());
    Sandbox sandbox = null;
    Vertx sandboxVertx = null;
    String workerDeployment = null;
    RunStepEffects stepEffects = null;
    PlatformClient watchClient = null;
    AgentWatch watch = null;
    RunTarget target = plan.usesSandbox() ? new RunTarget(RunTarget.Kind.SANDBOX, null, "streamspace", List.of())
        : new RunTarget(RunTarget.Kind.PLATFORM, plan.target().api().toString(), plan.target().namespace(), List.of());
    try {
      PlatformTarget platform;
      KubeTarget kube;
      if (plan.usesSandbox()) {
        try {
          // its own Vert.x: the platform's work must not queue on the event loops that observe it (the fidelity
          // bench's observation lag), as it would not with a real platform on other machines
          sandboxVertx = Vertx.vertx();
          sandbox = Sandbox.start(sandboxVertx, PlanSandbox.config(plan)).await();
        } catch (RuntimeException e) {
          return infrastructure(err, run, plan, dir, target, startedAt, "the embedded sandbox did not start: "
              + ExitCodes.describe(e));
        }
        SandboxEndpoints ep = sandbox.endpoints();
        // the embedded sandbox gives the plan's other users the admin password (PlanSandbox)
        platform = PlatformTarget.of(ep.api(), ep.username(), ep.password()).withUsersPassword(ep.password());
        kube = KubeTarget.master(ep.kubernetes(), ep.namespace());
        target = new RunTarget(RunTarget.Kind.SANDBOX, ep.api(), ep.namespace(), List.of());
      } else {
        TargetEndpoints endpoints;
        try {
          endpoints = TargetEndpoints.of(plan.target());
        } catch (MissingSecretException e) {
          err.println("loadstone: " + planFile + ": " + e.getMessage());
          err.flush();
          return Main.EXIT_USAGE;
        }
        platform = endpoints.platform();
        kube = endpoints.kube();
      }
      // create-sessions steps add to the plan's count: one JVM's worker must have room for them all, unless told less
      int workerCapacity = capacity != null ? Math.min(capacity, Math.max(1, plan.maxSessions()))
          : Math.max(1, plan.maxSessions());
      platform = platform.sizedFor(workerCapacity);
      stdout.println("run " + run + ": " + plan.name() + " (" + plan.summary() + ") against "
          + (plan.usesSandbox() ? "the embedded sandbox at " : "") + target.api() + "; output in " + dir);
      stdout.flush();
      EventLog events = EventLog.open(vertx, dir.resolve("events.jsonl")).await();
      List<String> notes = new ArrayList<>();
      if (workerCapacity < plan.maxSessions()) {
        notes.add("at most " + workerCapacity + " sessions ran at once (--capacity " + workerCapacity + "): the plan's "
            + plan.maxSessions() + " were created as slots freed, not in one burst");
      }
      // the agent watch: its own client (an admin list call every interval), started before any session exists so
      // it has seen every agent and stamps every session milestone. The step runner gets it from here.
      watchClient = PlatformClient.create(vertx, platform);
      try {
        watch = AgentWatch.start(vertx, watchClient, run, watchInterval(sandbox)).await();
      } catch (RuntimeException e) {
        notes.add("the platform's agents were not watched (" + ExitCodes.describe(e) + "): agent metrics have no "
            + "data and no agent diagnosis was made");
        err.println("loadstone: warning: the platform's agents are not watched: " + ExitCodes.describe(e));
        err.flush();
      }
      StepRunner stepRunner = null;
      if (!plan.steps().isEmpty()) {
        stepEffects = new RunStepEffects(sandbox == null ? null : new SandboxFaultApi(vertx, sandbox.endpoints().api()),
            plan.usesSandbox() ? null : new KubeAgentActions(vertx, kube));
        stepRunner = new StepRunner(plan.steps(), stepEffects,
            watch == null ? AgentConditions.NONE : new WatchedAgents(watch));
      }
      RunVerticle orchestrator;
      if (clusterRun != null) {
        orchestrator = new RunVerticle(run, plan, events, progress::line, clusterRun.spec(vertx, run, planFile,
            sandbox == null ? null : sandbox.endpoints()), minWorkers);
        orchestrator.steps(stepRunner);
        vertx.deployVerticle(orchestrator).await();
        String waitProblem = clusterRun.awaitWorkers(vertx, orchestrator, progress);
        if (waitProblem != null) {
          events.close().await();
          return infrastructure(err, run, plan, dir, target, startedAt, waitProblem);
        }
      } else {
        orchestrator = new RunVerticle(run, plan, events, progress::line);
        orchestrator.steps(stepRunner);
        orchestrator.localCapacity(workerCapacity);
        vertx.deployVerticle(orchestrator).await();
        try {
          workerDeployment = vertx.deployVerticle(new WorkerVerticle(new WorkerVerticle.Settings(run, "worker-1",
              plan, platform, kube, workerCapacity))).await();
        } catch (RuntimeException e) {
          events.close().await();
          return infrastructure(err, run, plan, dir, target, startedAt, infrastructureLine(e, platform));
        }
      }
      RunResult result = orchestrator.finished().await();
      progress.end();
      if (result.workers().size() > 1 && plan.sessions().users().size() == 1) {
        // the platform labels a session's objects by user only: nothing else lets a worker watch just its own
        notes.add("the sessions all belong to one user, so each of the " + result.workers().size() + " workers "
            + "observed every session of the run, not just its own; spread them over users (sessions.users) to "
            + "split the work");
      }
      AgentReport agents = null;
      if (watch != null) {
        watch.stop().await();
        agents = watch.snapshot();
      }
      events.close().await();
      Map<String, String> slots = new HashMap<>();
      result.outcomes().values().forEach(o -> {
        if (o.platformSession() != null) {
          slots.put(o.platformSession(), o.session());
        }
      });
      LeftoverScan.Found found;
      try {
        KubeTarget scanTarget = kube;
        found = vertx.executeBlocking(() -> LeftoverScan.scan(vertx, scanTarget, slots), false).await();
      } catch (RuntimeException e) {
        notes.add("the scan for remaining objects failed (" + ExitCodes.describe(e) + "): retained and leaked are "
            + "not known");
        found = new LeftoverScan.Found(List.of(), List.of());
      }
      RunReport report = RunReports.of(run, plan, planFile.toString(), target, result, found, startedAt,
          Instant.now(), notes, agents);
      ReportFiles.writeAll(dir, report);
      if (sandbox != null) {
        Files.writeString(dir.resolve("sandbox-truth.json"), sandbox.truth().toJson().encodePrettily(),
            StandardCharsets.UTF_8);
      }
      stdout.println(report.verdict().id() + ": " + report.failedCriteria().size() + " of " + report.criteria().size()
          + " criteria failed, " + report.failedSessions().size() + " of " + report.sessions().size()
          + " sessions failed; report: " + dir.resolve("report.md"));
      stdout.flush();
      return report.exitCode();
    } finally {
      progress.end();
      try {
        if (watch != null) {
          watch.stop().await();
        }
        if (watchClient != null) {
          watchClient.close().await();
        }
        if (workerDeployment != null) {
          // before the sandbox goes: its informers would otherwise log the API server's disappearance
          vertx.undeploy(workerDeployment).await();
        }
        if (clusterRun != null) {
          clusterRun.stopLocalWorkers(vertx);
        }
        if (stepEffects != null) {
          stepEffects.close().await();
        }
        if (sandbox != null) {
          sandbox.close().await();
        }
      } finally {
        if (sandboxVertx != null) {
          sandboxVertx.close().await();
        }
        vertx.close().await();
      }
    }
  }

  /**
   * How often the agents are listed: every 500 ms, or twice per heartbeat of an embedded sandbox with faster
   * timings (its tests scale heartbeats down to milliseconds).
   */
  static Duration watchInterval(Sandbox sandbox) {
    Duration interval = AgentWatch.DEFAULT_INTERVAL;
    if (sandbox != null) {
      Duration half = sandbox.config().timings().heartbeatInterval().dividedBy(2);
      if (half.compareTo(interval) < 0) {
        interval = half.compareTo(Duration.ofMillis(20)) < 0 ? Duration.ofMillis(20) : half;
      }
    }
    return interval;
  }

  private int infrastructure(PrintWriter err, RunId run, Plan plan, Path dir, RunTarget target, Instant startedAt,
                             String line) {
    err.println("loadstone: " + line);
    err.flush();
    try {
      ReportFiles.writeAll(dir, RunReport.builder(run, plan.name()).planFile(planFile.toString())
          .description(plan.description()).startedAt(startedAt).finishedAt(Instant.now()).target(target)
          .configuration(RunConfiguration.of(plan, SessionStates.MAX_INTERVAL)).error(line, Main.EXIT_INFRASTRUCTURE)
          .build());
    } catch (IOException | RuntimeException e) {
      err.println("loadstone: could not write the error report: " + e.getMessage());
      err.flush();
    }
    return Main.EXIT_INFRASTRUCTURE;
  }

  /** One line naming which piece of infrastructure failed; never a secret. */
  static String infrastructureLine(Throwable failure, PlatformTarget platform) {
    return infrastructureLine(failure, platform, "the worker did not start");
  }

  /**
   * One line naming which piece of infrastructure failed (login, platform, Kubernetes), or {@code otherwise: cause}
   * when it was none of them; never a secret.
   */
  static String infrastructureLine(Throwable failure, PlatformTarget platform, String otherwise) {
    Throwable t = failure;
    while (t != null) {
      if (t instanceof LoginRefusedException e) {
        return "login refused by " + platform.apiUrl() + " for user " + platform.username() + " (HTTP " + e.status()
            + ")";
      }
      if (t instanceof PlatformUnreachableException e) {
        return "platform unreachable: " + e.getMessage();
      }
      if (t instanceof KubeUnreachableException e) {
        return "Kubernetes API unreachable: " + e.getMessage();
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return otherwise + ": " + ExitCodes.describe(failure);
  }
}
