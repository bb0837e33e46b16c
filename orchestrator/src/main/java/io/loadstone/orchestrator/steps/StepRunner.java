package io.loadstone.orchestrator.steps;

import io.loadstone.common.plan.step.Condition;
import io.loadstone.common.plan.step.Step;
import io.loadstone.common.plan.step.StepAction;
import io.loadstone.common.plan.step.Trigger;
import io.loadstone.orchestrator.run.RunVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a plan's steps in order on the run's context, from when the run opens: each waits for its trigger
 * ({@code at}: a timer from the run's opening; {@code after}: the condition checked at once and again on every phase
 * event, outcome and agent status change, up to its timeout), then acts. A step that fails or times out skips the
 * rest. When the last has ended the run is told ({@link RunVerticle#stepsEnded()}), so the run never ends while a
 * step still has to act. Outages a step provokes are marked on the {@link AgentConditions}, so recovery times count from
 * the step's instant.
 */
public final class StepRunner {
  private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);
  /** fault kinds that take an agent away, so detection and reconnect times count from the step */
  private static final Set<String> DISRUPTIVE_FAULTS = Set.of("agent-disconnect", "heartbeat-stall",
      "agent-crash-loop");

  private final List<Step> steps;
  private final StepEffects effects;
  private final AgentConditions agents;
  private final List<StepResult> results = new ArrayList<>();
  private RunVerticle run;
  private Context context;
  private Vertx vertx;
  private boolean ended;
  /** the condition of the step waiting now, re-checked on every change; null when none waits */
  private Runnable recheck;
  private long waitingSinceNanos;
  /** the step under way has fired and is carrying out its action */
  private boolean acting;

  public StepRunner(List<Step> steps, StepEffects effects, AgentConditions agents) {
    this.steps = List.copyOf(steps);
    this.effects = effects;
    this.agents = agents;
  }

  /** The longest the steps can take: the latest {@code at}, every {@code after} timeout, wait and fault duration. */
  public static Duration longest(List<Step> steps) {
    Duration latestAt = Duration.ZERO;
    Duration sum = Duration.ZERO;
    for (Step step : steps) {
      if (step.trigger() instanceof Trigger.At at && at.at().compareTo(latestAt) > 0) {
        latestAt = at.at();
      } else if (step.trigger() instanceof Trigger.After after) {
        sum = sum.plus(after.timeout());
      }
      if (step.action() instanceof StepAction.Wait wait) {
        sum = sum.plus(wait.duration());
      }
    }
    return latestAt.plus(sum);
  }

  /** Starts with the first step; called by the run on its context when it opens. */
  public void start(RunVerticle run) {
    this.run = run;
    this.context = Vertx.currentContext();
    this.vertx = context.owner();
    run.onProgress(this::onChange);
    agents.onChange(() -> context.runOnContext(v -> onChange()));
    next(0);
  }

  /** Each step's result, in plan order (complete once the run was told the steps ended). */
  public List<StepResult> results() {
    return List.copyOf(results);
  }

  /**
   * For the progress line: {@code step 2/4 after agent-offline, 12s} while a step waits for its trigger,
   * {@code step 3/4 wait 1m, 20s} while it acts, {@code steps 4/4 done} at the end.
   */
  public String progress() {
    if (ended || run == null) {
      long done = results.stream().filter(StepResult::passed).count();
      return run == null ? "steps not started" : "steps " + done + "/" + steps.size() + " done";
    }
    int index = results.size();
    Step step = steps.get(index);
    long waited = (System.nanoTime() - waitingSinceNanos) / 1_000_000_000L;
    return "step " + (index + 1) + "/" + steps.size() + " " + (acting ? step.action().describe()
        : step.trigger().describe()) + ", " + waited + "s";
  }

  /** The run ended first: the step under way and the rest are skipped. Called on the run's context. */
  public void runEnded() {
    if (!ended) {
      skipFrom(results.size(), "the run ended first");
    }
  }

  private void onChange() {
    if (recheck != null) {
      recheck.run();
    }
  }

  private void next(int index) {
    if (ended) {
      return;
    }
    if (index == steps.size()) {
      end();
      return;
    }
    Step step = steps.get(index);
    waitingSinceNanos = System.nanoTime();
    acting = false;
    trigger(step).onComplete(ar -> {
      if (ended) {
        return;
      }
      if (ar.failed()) {
        finishStep(step, StepResult.Status.TIMED_OUT, Double.NaN, -1, ar.cause().getMessage());
        skipFrom(index + 1, step.describe() + " timed out");
        return;
      }
      long fired = System.nanoTime();
      acting = true;
      waitingSinceNanos = fired;
      double firedMs = (fired - run.openedNanos()) / 1e6;
      LOG.info("run {}: {} fires at {} ms", runId(), step.describe(), String.format("%.1f", firedMs));
      act(step, fired).onComplete(done -> {
        if (ended) {
          return;
        }
        if (done.succeeded()) {
          finishStep(step, StepResult.Status.DONE, firedMs, fired, done.result());
          next(index + 1);
        } else {
          String why = done.cause().getMessage() == null ? done.cause().toString() : done.cause().getMessage();
          finishStep(step, StepResult.Status.FAILED, firedMs, fired, why);
          skipFrom(index + 1, step.describe() + " failed");
        }
      });
    });
  }

  private Future<Void> trigger(Step step) {
    if (step.trigger() instanceof Trigger.At at) {
      long dueNanos = run.openedNanos() + at.at().toNanos();
      // rounded up: a timer never fires before its time
      long delayMillis = (dueNanos - System.nanoTime() + 999_999) / 1_000_000;
      return delayMillis <= 0 ? Future.succeededFuture() : vertx.timer(delayMillis).mapEmpty();
    }
    Trigger.After after = (Trigger.After) step.trigger();
    BooleanSupplier holds = condition(after);
    if (holds.getAsBoolean()) {
      return Future.succeededFuture();
    }
    Promise<Void> seen = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, after.timeout().toMillis()), t -> {
      recheck = null;
      seen.tryFail(after.condition().id() + (after.agent() == null ? "" : " of " + after.agent())
          + " not observed within " + io.loadstone.common.time.Durations.format(after.timeout()) + stateNow(after));
    });
    recheck = () -> {
      if (holds.getAsBoolean()) {
        recheck = null;
        vertx.cancelTimer(timer);
        seen.tryComplete();
      }
    };
    return seen.future();
  }

  private BooleanSupplier condition(Trigger.After after) {
    return switch (after.condition()) {
      case RUNNING -> run::allRunning;
      case AGENT_OFFLINE -> () -> after.agent() != null ? is(after.agent(), "offline")
          : agents.agentIds().stream().anyMatch(a -> is(a, "offline"));
      case AGENT_ONLINE -> () -> after.agent() != null ? is(after.agent(), "online")
          : !agents.agentIds().isEmpty() && agents.agentIds().stream().allMatch(a -> is(a, "online"));
    };
  }

  private boolean is(String agent, String status) {
    return agents.status(agent).map(status::equals).orElse(false);
  }

  /** For a timed-out agent condition: what the agents were listed as at the end, the evidence of the timeout. */
  private String stateNow(Trigger.After after) {
    if (after.condition() == Condition.RUNNING) {
      return "";
    }
    List<String> listed = agents.agentIds().stream().sorted()
        .filter(a -> after.agent() == null || a.equals(after.agent()))
        .map(a -> a + " " + agents.status(a).orElse("never listed")).toList();
    return listed.isEmpty() ? " (no agent listed)" : " (listed: " + String.join(", ", listed) + ")";
  }

  private Future<String> act(Step step, long firedNanos) {
    StepAction action = step.action();
    String reason = "step " + (step.index() + 1) + " (" + action.id() + ")";
    if (action instanceof StepAction.SandboxFault fault) {
      if (DISRUPTIVE_FAULTS.contains(fault.kind())) {
        agents.disruption(fault.agent(), firedNanos, step.describe());
      }
      return effects.sandboxFault(fault.spec());
    }
    if (action instanceof StepAction.TerminateSessions t) {
      List<String> told = run.endHolds(t.count(), t.sessionsOn(), reason);
      if (told.isEmpty()) {
        return Future.failedFuture(new IllegalStateException("no session was holding (running and not yet deleted)"
            + (t.sessionsOn() == null ? "" : " on " + t.sessionsOn())));
      }
      return Future.succeededFuture("ended the hold of " + told.size() + " of "
          + (t.count() == StepAction.TerminateSessions.ALL ? "all" : t.count()) + " asked: " + String.join(", ", told));
    }
    if (action instanceof StepAction.CreateSessions c) {
      return Future.succeededFuture("added " + String.join(", ", run.addSessions(c.count())));
    }
    if (action instanceof StepAction.Wait w) {
      return vertx.timer(Math.max(1, w.duration().toMillis())).map(x -> "waited "
          + io.loadstone.common.time.Durations.format(w.duration()));
    }
    if (action instanceof StepAction.DeleteAgentPod || action instanceof StepAction.RestartAgent
        || (action instanceof StepAction.ScaleAgent s && s.replicas() == 0)) {
      agents.disruption(null, firedNanos, step.describe());
    }
    return effects.kube(action);
  }

  private void finishStep(Step step, StepResult.Status status, double firedMs, long firedNanos, String detail) {
    results.add(new StepResult(step.index(), step.describe(), status, firedMs, firedNanos, detail));
    if (status == StepResult.Status.DONE) {
      LOG.info("run {}: {} done: {}", runId(), step.describe(), detail);
    } else {
      LOG.warn("run {}: {} {}: {}", runId(), step.describe(), status.id(), detail);
    }
  }

  private void skipFrom(int index, String why) {
    recheck = null;
    for (int i = index; i < steps.size(); i++) {
      Step step = steps.get(i);
      if (results.stream().noneMatch(r -> r.index() == step.index())) {
        results.add(new StepResult(step.index(), step.describe(), StepResult.Status.SKIPPED, Double.NaN, -1, why));
      }
    }
    end();
  }

  private void end() {
    if (!ended) {
      ended = true;
      run.stepsEnded();
    }
  }

  private Object runId() {
    return Optional.ofNullable(run).map(RunVerticle::runId).orElse(null);
  }
}
