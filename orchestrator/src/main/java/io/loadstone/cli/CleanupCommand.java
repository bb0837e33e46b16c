package io.loadstone.cli;

import io.loadstone.common.message.RunId;
import io.loadstone.common.plan.InvalidPlanException;
import io.loadstone.common.plan.MissingSecretException;
import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.Target;
import io.loadstone.common.time.Durations;
import io.loadstone.orchestrator.cleanup.CleanupResult;
import io.loadstone.orchestrator.cleanup.CleanupText;
import io.loadstone.orchestrator.cleanup.CleanupVerticle;
import io.loadstone.orchestrator.cleanup.RunEvents;
import io.loadstone.orchestrator.cleanup.RunSession;
import io.loadstone.orchestrator.cleanup.SessionSource;
import io.loadstone.orchestrator.cleanup.TaggedSessions;
import io.loadstone.worker.TargetEndpoints;
import io.loadstone.worker.platform.LoginRefusedException;
import io.loadstone.worker.platform.PlatformClient;
import io.loadstone.worker.platform.PlatformUnreachableException;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loadstone cleanup --run RUN_ID (PLAN | --target FILE)}: deletes every platform session of a run (found
 * in its {@code events.jsonl}, and by tag where the platform shows tags), waits until their Kubernetes objects are
 * gone and reports what went, what is kept by design and what is left. The work is {@link CleanupVerticle}'s.
 */
@Command(name = "cleanup", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Delete every platform session of a run and wait until its Deployment, Service and Pods are gone, e.g. after "
            + "a run was killed. The sessions come from the run's events.jsonl (platformSession of each line of the "
            + "run) and, where the platform's list answer shows tags, from the tag loadstone-run=RUN_ID.",
        "The platform is named by a PLAN with a target: block, or by --target FILE holding just that block's fields "
            + "(api, username, passwordEnv or passwordFile, kubeconfig, namespace; see docs/plan.md).",
        "The report goes to stdout: per session its slot, platform id, the objects removed and how long they took; "
            + "the home PVCs and Session CRs the platform keeps by design (counted, not an error); what is left. "
            + "Progress (at most once a second) goes to stderr."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no Deployment, Service or Pod of the run's sessions is left", "1:something is left (named)",
        "2:bad usage or invalid input (plan, target file, no events file and no tagged session)",
        "3:infrastructure error (platform or Kubernetes unreachable, login refused)"})
final class CleanupCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--run", required = true, paramLabel = "RUN_ID", description = "The run to clean up, e.g. "
      + "20261124-131502-a3f9 (its output folder's name).")
  String runId;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PLAN", description = "A plan whose target: names the "
      + "platform.")
  Path planFile;

  @Option(names = "--target", paramLabel = "FILE", description = "A YAML file with the target block's fields, "
      + "instead of a PLAN.")
  Path targetFile;

  @Option(names = "--events", paramLabel = "FILE", description = "The run's events (default: runs/RUN_ID/events.jsonl).")
  Path eventsFile;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "120s", description = "How long to wait for "
      + "the objects to go (default: ${DEFAULT-VALUE}).")
  String timeoutText;

  private PrintWriter out;
  private PrintWriter err;

  @Override
  public Integer call() {
    out = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    if ((planFile == null) == (targetFile == null)) {
      return usage(planFile == null
          ? "name the platform: a PLAN with a target: block, or --target FILE"
          : "name the platform once: a PLAN or --target FILE, not both");
    }
    RunId run;
    try {
      run = new RunId(runId);
    } catch (IllegalArgumentException e) {
      return usage("--run: " + e.getMessage().replaceFirst("^run id: ", ""));
    }
    Duration timeout;
    try {
      timeout = Durations.parse(timeoutText);
    } catch (IllegalArgumentException e) {
      return usage("--timeout: " + e.getMessage());
    }
    if (timeout.isZero()) {
      return usage("--timeout: expected a positive duration like \"120s\", got \"" + timeoutText + "\"");
    }
    Path source = planFile != null ? planFile : targetFile;
    Target target;
    try {
      target = target();
    } catch (InvalidPlanException e) {
      e.lines().forEach(err::println);
      int n = e.problems().size();
      err.println(e.source() + ": invalid (" + n + (n == 1 ? " problem)" : " problems)"));
      err.flush();
      return Main.EXIT_USAGE;
    }
    if (target == null) {
      return usage(planFile + " has no target: block, so it runs on the embedded sandbox, which ends with its run "
          + "and takes every session with it: there is nothing to clean up");
    }
    TargetEndpoints endpoints;
    try {
      endpoints = TargetEndpoints.of(target);
    } catch (MissingSecretException e) {
      String message = targetFile != null ? e.getMessage().replaceFirst("^target\\.", "") : e.getMessage();
      return usage(source + ": " + message);
    }
    Path events = eventsFile != null ? eventsFile : Path.of("runs", run.value(), "events.jsonl");
    RunEvents read = null;
    if (Files.exists(events)) {
      try {
        read = RunEvents.read(events, run);
      } catch (IOException e) {
        return usage(events + ": cannot read the events (" + (Files.isDirectory(events) ? "a directory"
            : e.getClass().getSimpleName()) + ")");
      }
      read.warnings().forEach(w -> err.println("loadstone: warning: " + w));
    }
    return clean(run, endpoints, events, read, timeout);
  }

  private Target target() {
    if (targetFile != null) {
      return TargetFile.load(targetFile);
    }
    Plan plan = PlanSandbox.load(planFile);
    return plan.usesSandbox() ? null : plan.target();
  }

  private int clean(RunId run, TargetEndpoints endpoints, Path eventsPath, RunEvents events, Duration timeout) {
    Progress progress = new Progress(err, System.console() != null);
    Vertx vertx = Vertx.vertx();
    PlatformClient platform = PlatformClient.create(vertx, endpoints.platform());
    String deployment = null;
    try {
      TaggedSessions tagged;
      try {
        platform.login().await();
        tagged = TaggedSessions.find(platform, run).await();
      } catch (LoginRefusedException | PlatformUnreachableException e) {
        return infrastructure(RunCommand.infrastructureLine(e, endpoints.platform(), "the platform failed"));
      } catch (RuntimeException e) {
        // the platform answered, but not with a list: the events alone still name the sessions
        err.println("loadstone: warning: listing the platform's sessions failed, sessions come from the events only: "
            + ExitCodes.describe(e));
        tagged = new TaggedSessions(List.of(), false, 0);
      }
      List<RunSession> sessions = TaggedSessions.merge(events, tagged);
      String api = endpoints.platform().apiUrl();
      String tagLine = tagged.tagsShown() || tagged.listed() == 0
          ? "no session on " + api + " is tagged " + TaggedSessions.tag(run)
          : "the platform's session list at " + api + " shows no tags to search";
      if (sessions.isEmpty()) {
        if (events == null) {
          return usage("run " + run + ": no events file at " + eventsPath + " and " + tagLine
              + " (--events FILE names the run's events.jsonl)");
        }
        if (events.linesOfRun() == 0 && !events.otherRuns().isEmpty()) {
          return usage("run " + run + ": " + eventsPath + " has no line of this run (it holds run "
              + String.join(", ", events.otherRuns()) + ") and " + tagLine);
        }
        out.println("cleanup of run " + run + ": nothing to clean up: " + eventsPath + " names no platform session "
            + "of the run and " + tagLine);
        out.flush();
        return Main.EXIT_OK;
      }
      out.println("cleanup of run " + run + " on " + api + ", Kubernetes " + endpoints.kube().describe()
          + " namespace " + endpoints.kube().namespace() + ": " + sessions.size() + " session"
          + (sessions.size() == 1 ? "" : "s") + ", " + sources(sessions, eventsPath, events, tagged, run));
      out.flush();
      CleanupVerticle cleanup = new CleanupVerticle(run, platform, endpoints.kube(), sessions, timeout,
          progress::line);
      try {
        deployment = vertx.deployVerticle(cleanup).await();
      } catch (RuntimeException e) {
        return infrastructure(RunCommand.infrastructureLine(e, endpoints.platform(), "cleanup did not start"));
      }
      CleanupResult result = cleanup.finished().await();
      progress.end();
      CleanupText.lines(run, result).forEach(out::println);
      out.flush();
      return result.clean() ? Main.EXIT_OK : Main.EXIT_CRITERIA_FAILED;
    } finally {
      progress.end();
      try {
        if (deployment != null) {
          vertx.undeploy(deployment).await();
        }
        platform.close().await();
      } finally {
        vertx.close().await();
      }
    }
  }

  /** {@code 6 from runs/x/events.jsonl, 6 tagged loadstone-run=x (6 in both)}, or why tags could not help. */
  private static String sources(List<RunSession> sessions, Path eventsPath, RunEvents events, TaggedSessions tagged,
                                RunId run) {
    long fromEvents = sessions.stream().filter(s -> s.sources().contains(SessionSource.EVENTS)).count();
    long fromTags = sessions.stream().filter(s -> s.sources().contains(SessionSource.TAG)).count();
    long both = sessions.stream().filter(s -> s.sources().size() == 2).count();
    String fromFile = events == null ? "no events file at " + eventsPath : fromEvents + " from " + eventsPath;
    String byTag = tagged.tagsShown() ? fromTags + " tagged " + TaggedSessions.tag(run)
        + (events == null ? "" : " (" + both + " in both)")
        : "none by tag (the platform's session list shows no tags)";
    return fromFile + ", " + byTag;
  }

  private int usage(String line) {
    err.println("loadstone cleanup: " + line);
    err.flush();
    return Main.EXIT_USAGE;
  }

  private int infrastructure(String line) {
    err.println("loadstone: " + line);
    err.flush();
    return Main.EXIT_INFRASTRUCTURE;
  }
}
