package io.loadstone.worker.lifecycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.loadstone.common.message.Diagnosis;
import io.loadstone.common.message.Isolation;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.SessionJob;
import io.loadstone.common.message.SessionOutcome;
import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.Plan;
import io.loadstone.worker.kube.KubeFact;
import io.loadstone.worker.platform.CreateSessionRequest;
import io.loadstone.worker.platform.CreatedSession;
import io.loadstone.worker.platform.StopAccepted;
import io.loadstone.worker.platform.StateChange;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of one session, start to finish: create (tagged {@code loadstone-run=<run>}), wait for provisioned,
 * podReady and running (each against its deadline from the create request), the checks (VNC probe, isolation),
 * hold, delete, and wait until the Deployment, Service and Pod are gone (deadline from the delete request).
 * <p>
 * Every phase time is two readings of this worker's {@code System.nanoTime()}: the create (or delete) request going on
 * the wire (once a pooled connection is its own), and the moment the fact was observed (informer facts are stamped on
 * the informer's thread). A session that misses a deadline fails at that phase, is diagnosed from the evidence at
 * that moment, and is still deleted and watched until cleaned up. {@link #run()} ends in one
 * {@link SessionOutcome}, unless the session is handed back ({@link #stop}).
 * <p>
 * A later attempt (after its worker was lost) adopts the platform session instead ({@link Adoption}): what it finds
 * already reached is published untimed, since the time would span two machines' clocks.
 * <p>
 * Not thread-safe: every method runs on the owning worker's context ({@link #onFact} and {@link #onState} are
 * handed over there by the worker).
 */
public final class SessionLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(SessionLifecycle.class);
  private static final List<Phase> UP_PHASES = List.of(Phase.PROVISIONED, Phase.POD_READY, Phase.RUNNING);

  private final LifecycleServices services;
  private final SessionJob job;
  private final Plan plan;
  private final Map<Phase, Long> reachedMicros = new EnumMap<>(Phase.class);
  private final Map<Phase, Promise<Void>> waits = new EnumMap<>(Phase.class);
  private final List<Long> timers = new ArrayList<>();
  private final List<String> stateHistory = new ArrayList<>();
  private final SessionObjects objects = new SessionObjects();
  private long createSentNanos;
  private long deleteSentNanos = -1;
  private long deploymentSeenNanos = -1;
  private long serviceSeenNanos = -1;
  private String sessionId;
  private String agent;
  private String commandId;
  private String lastState;
  private String podIp;
  private Isolation isolation;
  /** a later attempt taking over a platform session it did not create: no create-origin phase is measured */
  private boolean adopted;
  private Adoption.Stage adoptedStage;
  private final StopSignal stop = new StopSignal();
  /** a terminate-sessions step: the hold ends now, or is skipped if it has not begun */
  private final Promise<Void> holdEnded = Promise.promise();
  private boolean tearingDown;
  private final Set<Phase> unmeasured = EnumSet.noneOf(Phase.class);
  /** the uid of every pod seen Ready for the session, in order: a surviving pod from a replaced one */
  private final Set<String> podUids = new LinkedHashSet<>();

  public SessionLifecycle(LifecycleServices services, SessionJob job) {
    this.services = services;
    this.job = job;
    this.plan = services.plan();
    for (Phase p : List.of(Phase.PROVISIONED, Phase.POD_READY, Phase.RUNNING, Phase.CLEANED_UP)) {
      waits.put(p, Promise.promise());
    }
  }

  /** The session and attempt this lifecycle runs. */
  public SessionJob job() {
    return job;
  }

  /** The platform's session id once the create was answered, else null. */
  public String sessionId() {
    return sessionId;
  }

  /** The IP of the session's pod once seen, else null. */
  public String podIp() {
    return podIp;
  }

  /**
   * Runs the attempt. The future succeeds with the outcome, except after {@link #stop(StopMode)} with
   * {@link StopMode#HAND_BACK}, when it fails with {@link HandedBackException} (the session is left as it is on the
   * platform, for the next attempt to adopt).
   */
  public Future<SessionOutcome> run() {
    createSentNanos = System.nanoTime();
    Future<Void> up = job.attempt() > 1 ? adopt() : create();
    return up
        // a VNC probe under way is let finish: the platform routes a session's VNC bytes by session id alone, so a
        // viewer abandoned mid-handshake can feed its stale bytes to the next attempt's viewer (seen in a drain test)
        .compose(v -> stop.mode() == null ? checks() : Future.<Void>failedFuture(stoppedFailure()))
        .compose(v -> unlessStopped(Future.any(services.vertx().timer(plan.hold().toMillis(), TimeUnit.MILLISECONDS),
            holdEnded.future()).<Void>mapEmpty()))
        .transform(ar -> {
          if (stop.mode() == StopMode.HAND_BACK) {
            timers.forEach(services.vertx()::cancelTimer);
            if (sessionId != null) {
              services.states().forget(sessionId);
            }
            return Future.failedFuture(new HandedBackException(job, sessionId));
          }
          PhaseFailure failure = ar.failed() && !(ar.cause() instanceof AlreadyEnding) ? PhaseFailure.of(ar.cause()) : null;
          return teardown(failure);
        });
  }

  /**
   * Ends the attempt early: {@link StopMode#TERMINATE} deletes the session and waits until it is cleaned up (the
   * outcome says why); {@link StopMode#HAND_BACK} leaves it on the platform. A create in flight is answered first,
   * so its session is never lost; a session already being deleted finishes that. Idempotent.
   */
  public void stop(StopMode mode) {
    if (!tearingDown) {
      stop.request(mode);
    }
  }

  /**
   * Ends the hold now, as if it had run out (a plan's {@code terminate-sessions} step); before the hold it is skipped
   * when it comes. The session is then deleted and cleaned up as usual. Idempotent.
   */
  public void endHold(String reason) {
    if (holdEnded.tryComplete()) {
      LOG.info("run {} session {} attempt {}: hold ended early by {}", job.run(), job.session(), job.attempt(), reason);
    }
  }

  /** An adopted session was already being deleted: straight to watching its cleanup. */
  private static final class AlreadyEnding extends RuntimeException {
    AlreadyEnding() {
      super("already being deleted", null, false, false);
    }
  }

  private Future<Void> create() {
    CreateSessionRequest request = new CreateSessionRequest(job.user(), plan.sessions().template(),
        new CreateSessionRequest.Resources(plan.sessions().resources().memory(), plan.sessions().resources().cpu()),
        plan.sessions().persistentHome(), List.of("loadstone-run=" + job.run(), "loadstone-session=" + job.session()));
    return services.platform().createSession(request)
        .recover(cause -> Future.failedFuture(new PhaseFailure(Phase.CREATED,
            Evidence.apiError("POST /api/v1/sessions", cause, millisSince(createSentNanos, System.nanoTime())))))
        .compose(created -> unlessStopped(created(created)));
  }

  /**
   * A later attempt: the session as the platform has it now. No platform id (the earlier owner never got the
   * create answered) means a fresh create; a running session goes on to its checks; one not yet running gets the
   * plan's running timeout from now; one already terminating is only watched until cleaned up.
   */
  private Future<Void> adopt() {
    String id = job.platformSession();
    if (id == null) {
      LOG.info("run {} session {} attempt {}: no platform session known from the earlier attempt, creating one",
          job.run(), job.session(), job.attempt());
      return create();
    }
    adopted = true;
    sessionId = id;
    return Adoption.look(services, job).compose(found -> {
      adoptedStage = found.stage();
      lastState = found.state();
      stateHistory.add(lastState + " when adopted by attempt " + job.attempt());
      LOG.info("run {} session {} attempt {}: adopted platform session {} in state {}", job.run(), job.session(),
          job.attempt(), id, lastState);
      services.peers().created(this);
      objects.seeIndexed(services.kube(), id);
      long now = System.nanoTime();
      if (found.objects()) {
        deploymentSeenNanos = now;
        serviceSeenNanos = now;
      }
      podIp = found.podIp();
      record(Phase.CREATED, now);
      return switch (found.stage()) {
        case RUNNING -> {
          UP_PHASES.forEach(p -> {
            record(p, now);
            waits.get(p).tryComplete();
          });
          services.states().forget(id);
          yield Future.succeededFuture();
        }
        case ENDING -> Future.failedFuture(new AlreadyEnding());
        case FAILED -> Future.failedFuture(new PhaseFailure(Phase.RUNNING, new Diagnosis("adopted-session-failed",
            List.of("attempt " + job.attempt() + " took over " + id + ": the platform had marked it failed"))));
        case STARTING -> unlessStopped(deadline(Phase.RUNNING, plan.timeouts().running()));
      };
    });
  }

  private <T> Future<T> unlessStopped(Future<T> step) {
    return stop.unless(step, this::stoppedFailure);
  }

  private PhaseFailure stoppedFailure() {
    return new PhaseFailure(firstUnreached(), new Diagnosis("stopped", List.of(stop.mode() == StopMode.TERMINATE
        ? "the orchestrator left the cluster: the worker terminated the session" : "the worker drained")));
  }

  private Phase firstUnreached() {
    for (Phase p : Phase.values()) {
      if (!reachedMicros.containsKey(p)) {
        return p;
      }
    }
    return Phase.CLEANED_UP;
  }

  /** A Kubernetes fact about this session (on the worker's context). */
  public void onFact(KubeFact fact) {
    objects.onFact(fact);
    switch (fact.kind()) {
      case DEPLOYMENT -> {
        if (fact.change() != KubeFact.Change.DELETED && deploymentSeenNanos < 0) {
          deploymentSeenNanos = fact.observedNanos();
          provisionedIfBoth();
        }
      }
      case SERVICE -> {
        if (fact.change() != KubeFact.Change.DELETED && serviceSeenNanos < 0) {
          serviceSeenNanos = fact.observedNanos();
          provisionedIfBoth();
        }
      }
      case POD -> {
        if (fact.change() != KubeFact.Change.DELETED && fact.object() instanceof Pod pod) {
          if (Pods.isReady(pod) && pod.getMetadata().getUid() != null) {
            // the pods that served the session: a replica that never got Ready (a brief surplus) is not a replacement
            podUids.add(pod.getMetadata().getUid());
          }
          if (pod.getStatus() != null && pod.getStatus().getPodIP() != null) {
            podIp = pod.getStatus().getPodIP();
          }
          if (Pods.isReady(pod)) {
            reach(Phase.POD_READY, fact.observedNanos());
          }
        }
      }
      default -> {
        // PVCs, Session CRs and Events are read from the observer's indexes when evidence is needed
      }
    }
    if (fact.change() == KubeFact.Change.DELETED) {
      cleanedUpIfGone(fact.observedNanos());
    }
  }

  /** An API state change of this session (on the worker's context). */
  public void onState(StateChange change) {
    lastState = change.state();
    stateHistory.add(change.state() + " at " + Evidence.ms(millisSince(createSentNanos, change.observedNanos())));
    if ("running".equals(change.state())) {
      reach(Phase.RUNNING, change.observedNanos());
      // nothing after running is read from the API state, and following 1,000 held sessions cost a list of all of
      // them every 250 ms (about 5% of a core in the scale bench): stop following once running is seen
      services.states().forget(sessionId);
    }
  }

  private Future<Void> created(CreatedSession created) {
    long now = System.nanoTime();
    // the phases count from the create's send on the wire, not from when this attempt asked for it (token, pool)
    createSentNanos = created.sentNanos();
    sessionId = created.name();
    agent = created.agentId();
    commandId = created.commandId();
    lastState = created.state();
    stateHistory.add((created.state() == null ? "?" : created.state()) + " at " + Evidence.ms(millisSince(createSentNanos, now))
        + " (create answer)");
    LOG.info("run {} session {} attempt {}: created platform session {} on agent {}", job.run(), job.session(),
        job.attempt(), sessionId, agent);
    record(Phase.CREATED, now);
    services.peers().created(this);
    return Future.all(UP_PHASES.stream().map(p -> deadline(p, deadlineOf(p))).toList()).mapEmpty();
  }

  /** Facts the worker saw before the create answer named this session, in arrival order. */
  public void replay(List<KubeFact> early) {
    early.forEach(this::onFact);
  }

  private Future<Void> checks() {
    return SessionChecks.run(services, job, sessionId, podIp, adopted, createSentNanos).compose(found -> {
      isolation = found.isolation();
      if (found.failure() != null) {
        return Future.failedFuture(found.failure());
      }
      if (found.tunnelUpNanos() >= 0) {
        record(Phase.TUNNEL_UP, found.tunnelUpNanos());
      }
      return Future.<Void>succeededFuture();
    });
  }

  private Future<SessionOutcome> teardown(PhaseFailure earlier) {
    tearingDown = true;
    if (sessionId == null) {
      return Future.succeededFuture(outcome(earlier));
    }
    deleteSentNanos = System.nanoTime();
    // an adopted session the earlier owner already deleted: only its cleanup is left to watch (not measured here)
    Future<StopAccepted> delete = adoptedStage == Adoption.Stage.ENDING ? Future.succeededFuture(new StopAccepted(null, -1))
        : services.platform().deleteSession(sessionId);
    return delete
        .compose(accepted -> {
          if (accepted.sentNanos() < 0) {
            unmeasured.add(Phase.CLEANED_UP);
          } else {
            deleteSentNanos = accepted.sentNanos();
            record(Phase.TERMINATED, System.nanoTime());
          }
          cleanedUpIfGone(System.nanoTime());
          return deadline(Phase.CLEANED_UP, plan.timeouts().cleanedUp())
              .recover(cause -> Future.failedFuture(earlier != null ? earlier : PhaseFailure.of(cause)));
        })
        .transform(ar -> {
          PhaseFailure failure = earlier;
          if (ar.failed() && failure == null) {
            failure = ar.cause() instanceof PhaseFailure f ? f : new PhaseFailure(Phase.TERMINATED,
                Evidence.apiError("DELETE /api/v1/sessions/" + sessionId, ar.cause(),
                    millisSince(deleteSentNanos, System.nanoTime())));
          }
          timers.forEach(services.vertx()::cancelTimer);
          services.states().forget(sessionId);
          return Future.succeededFuture(outcome(failure));
        });
  }

  /** Waits for {@code phase}; on its deadline (from create, or from delete for cleanedUp) fails with a diagnosis. */
  private Future<Void> deadline(Phase phase, Duration limit) {
    Promise<Void> wait = waits.get(phase);
    if (!wait.future().isComplete()) {
      long origin = phase == Phase.CLEANED_UP ? deleteSentNanos : createSentNanos;
      long delayMillis = Math.max(1, limit.toMillis() - (System.nanoTime() - origin) / 1_000_000);
      timers.add(services.vertx().setTimer(delayMillis, id -> {
        if (!wait.future().isComplete()) {
          diagnose(phase, limit).onComplete(d -> wait.tryFail(new PhaseFailure(phase, d.result())));
        }
      }));
    }
    return wait.future();
  }

  private Future<Diagnosis> diagnose(Phase phase, Duration limit) {
    Evidence evidence = new Evidence(services, sessionId, agent, commandId, createSentNanos, deploymentSeenNanos,
        serviceSeenNanos, lastState, stateHistory);
    return switch (phase) {
      case PROVISIONED -> evidence.notProvisioned(limit);
      case POD_READY -> evidence.podNotReady(limit);
      case RUNNING -> Future.succeededFuture(evidence.notRunning(limit));
      case CLEANED_UP -> Future.succeededFuture(evidence.cleanupTimeout(limit));
      default -> Future.succeededFuture(null);
    };
  }

  private Duration deadlineOf(Phase phase) {
    return switch (phase) {
      case PROVISIONED -> plan.timeouts().provisioned();
      case POD_READY -> plan.timeouts().podReady();
      case RUNNING -> plan.timeouts().running();
      default -> throw new IllegalArgumentException(phase.id());
    };
  }

  private void provisionedIfBoth() {
    if (deploymentSeenNanos >= 0 && serviceSeenNanos >= 0) {
      reach(Phase.PROVISIONED, Math.max(deploymentSeenNanos, serviceSeenNanos));
    }
  }

  private void cleanedUpIfGone(long observedNanos) {
    if (deleteSentNanos < 0 || sessionId == null) {
      return;
    }
    objects.goneAt(services.kube(), sessionId, Math.max(observedNanos, deleteSentNanos))
        .ifPresent(gone -> reach(Phase.CLEANED_UP, gone));
  }

  /** Records a phase the first time it is reached, unless its deadline has already failed it. */
  private void reach(Phase phase, long observedNanos) {
    Promise<Void> wait = waits.get(phase);
    if (wait == null || wait.future().isComplete() || sessionId == null) {
      return;
    }
    record(phase, observedNanos);
    wait.tryComplete();
  }

  private void record(Phase phase, long observedNanos) {
    if (reachedMicros.containsKey(phase)) {
      return;
    }
    long origin = phase.origin() == Phase.Origin.DELETE_SENT ? deleteSentNanos : createSentNanos;
    long micros = Math.max(0, (observedNanos - origin) / 1_000);
    reachedMicros.put(phase, micros);
    if ((adopted && phase.origin() == Phase.Origin.CREATE_SENT) || unmeasured.contains(phase)) {
      // this node did not send the request the phase counts from: reached, but no latency (never one computed
      // against another node's clock)
      micros = PhaseEvent.UNMEASURED;
    }
    long wall = System.currentTimeMillis() - Math.max(0, (System.nanoTime() - observedNanos) / 1_000_000);
    services.publish().accept(new PhaseEvent(job.run(), job.session(), job.attempt(), phase, micros, observedNanos,
        wall, services.node(), sessionId, PhaseEvent.NO_INTERVAL, agent));
  }

  private SessionOutcome outcome(PhaseFailure failure) {
    if (failure != null) {
      LOG.info("run {} session {} attempt {} ({}): failed at {}: {}", job.run(), job.session(), job.attempt(),
          sessionId, failure.phase().id(), failure.diagnosis() == null ? "undiagnosed" : failure.diagnosis().code());
    }
    return new SessionOutcome(job.run(), job.session(), job.attempt(), services.node(), sessionId, agent,
        failure == null ? SessionOutcome.Outcome.COMPLETED : SessionOutcome.Outcome.FAILED,
        failure == null ? null : failure.phase(), failure == null ? null : failure.diagnosis(), isolation,
        List.copyOf(podUids));
  }

  static double millisSince(long originNanos, long nanos) {
    return (nanos - originNanos) / 1_000_000.0;
  }
}
