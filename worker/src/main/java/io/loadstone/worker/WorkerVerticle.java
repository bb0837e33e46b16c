package io.loadstone.worker;

import io.loadstone.common.Addresses;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.SessionJob;
import io.loadstone.common.message.SessionOutcome;
import io.loadstone.common.message.UserShare;
import io.loadstone.common.plan.Plan;
import io.loadstone.worker.kube.KubeFact;
import io.loadstone.worker.kube.KubeObserver;
import io.loadstone.worker.kube.KubeObservers;
import io.loadstone.worker.kube.KubeTarget;
import io.loadstone.worker.kube.SessionInterest;
import io.loadstone.worker.lifecycle.LifecycleServices;
import io.loadstone.worker.lifecycle.SessionLifecycle;
import io.loadstone.worker.lifecycle.StopMode;
import io.loadstone.worker.metrics.IntervalRecorder;
import io.loadstone.worker.platform.PlatformClient;
import io.loadstone.worker.platform.PlatformTarget;
import io.loadstone.worker.platform.SessionStates;
import io.loadstone.worker.platform.StateChange;
import io.loadstone.worker.vnc.RfbClient;
import io.loadstone.common.message.SessionHandback;
import io.loadstone.worker.lifecycle.HandedBackException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.loadstone.common.message.EndHold;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sessions of one run on this node. At start it logs in (one {@link PlatformClient}), asks the orchestrator for
 * its share of the users ({@link UserShare}: everyone, or some users when the work is split by user), starts a
 * {@link KubeObserver} for it (one informer per kind; a later share adds one for the new users) and one
 * {@link SessionStates} follower; start fails with the infrastructure cause ({@code LoginRefusedException}, {@code PlatformUnreachableException},
 * {@code KubeUnreachableException}) if any cannot be reached. Then it pulls jobs over the event bus, at most
 * {@code capacity} at a time (its credit: it asks again when a session ends), runs each as a
 * {@link SessionLifecycle}, publishes every {@link PhaseEvent} as it happens and one {@link SessionOutcome} per job.
 * Each event's value is first recorded into an {@link IntervalRecorder}, whose histograms go out every second, when
 * no job is left, and at stop.
 * The event-bus codecs must be registered on this node beforehand ({@code Codecs.registerAll}).
 */
public final class WorkerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerVerticle.class);
  private static final int EARLY_FACTS_PER_SESSION = 64;
  private static final int EARLY_SESSIONS = 10_000;

  /**
   * @param capacity sessions run at the same time at most (at least 1)
   */
  public record Settings(RunId run, String node, Plan plan, PlatformTarget platform, KubeTarget kube, int capacity) {
    public Settings {
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(plan, "plan");
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(kube, "kube");
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity: expected >= 1, got " + capacity);
      }
    }
  }

  private final Settings settings;
  private final Map<String, SessionLifecycle> live = new HashMap<>();
  /** facts of sessions whose create answer has not arrived yet: informers can be faster than the 202 */
  private final Map<String, List<KubeFact>> early = new HashMap<>();
  /** lifecycles whose create is not answered yet: only while there is one can an unknown session's fact be ours */
  private final Set<SessionLifecycle> unnamed = new HashSet<>();
  private final Set<String> finished = new HashSet<>();
  /** what the observer hands over at all: read on the informers' threads, kept in step with live and unnamed */
  private final SessionInterest interest = new SessionInterest();
  /** every lifecycle under way, created or not yet */
  private final Set<SessionLifecycle> running = new HashSet<>();
  private final Promise<Void> done = Promise.promise();
  private int slotsOpen;
  private LifecycleStop stopMode;
  private PlatformClient platform;
  private final KubeObservers kube = new KubeObservers();
  private UserShares shares;
  private SessionStates states;
  private RfbClient vnc;
  private LifecycleServices services;
  private IntervalRecorder intervals;
  private boolean stopping;
  private MessageConsumer<EndHold> endHolds;

  public WorkerVerticle(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public Future<?> start() {
    platform = PlatformClient.create(vertx, settings.platform());
    List<String> users = settings.plan().sessions().users();
    states = users.size() == 1
        ? new SessionStates(vertx, platform, users.get(0), SessionStates.MAX_INTERVAL, this::onState)
        : SessionStates.perUser(vertx, platform, SessionStates.MAX_INTERVAL, this::onState);
    vnc = RfbClient.create(vertx, platform, settings.plan().timeouts().tunnelUp());
    intervals = new IntervalRecorder(settings.run(), settings.node(),
        h -> vertx.eventBus().publish(Addresses.intervals(settings.run()), h));
    intervals.start(vertx, IntervalRecorder.DEFAULT_PERIOD_MILLIS);
    endHolds = vertx.eventBus().consumer(Addresses.endHold(settings.run()), m -> onEndHold(m.body()));
    // recorded before it is published, so the event names the histogram that holds its value
    services = new LifecycleServices(vertx, settings.node(), settings.plan(), platform, kube, states, vnc,
        event -> vertx.eventBus().publish(Addresses.phaseEvents(settings.run()),
            event.inInterval(intervals.record(event))), new Peers());
    shares = new UserShares(vertx, settings.run(), settings.node(), settings.kube(), kube, interest, this::onFact,
        () -> !stopping && stopMode == null);
    return platform.login()
        // the first share is held until the run opens; an orchestrator lost meanwhile ends the wait
        .compose(v -> firstShareOrLost())
        .compose(share -> share == null ? Future.succeededFuture((UserShare) null) : shares.observe(share).map(share))
        .onSuccess(share -> {
          if (share == null || done.future().isComplete()) {
            return;
          }
          LOG.info("worker {} ready for run {}: {} sessions at a time, {}", settings.node(), settings.run(),
              settings.capacity(), UserShares.describe(share));
          states.start();
          // first the word that the share is observed: job requests that came before it would wait for it anyway
          shares.follow(share);
          slotsOpen = settings.capacity();
          for (int i = 0; i < settings.capacity(); i++) {
            pull();
          }
        });
  }

  /** The first share, or nothing once the orchestrator is lost while it is awaited. */
  private Future<UserShare> firstShareOrLost() {
    Promise<UserShare> first = Promise.promise();
    shares.first().onComplete(ar -> {
      if (ar.succeeded()) {
        first.tryComplete(ar.result());
      } else {
        first.tryFail(ar.cause());
      }
    });
    done.future().onComplete(v -> first.tryComplete(null));
    return first.future();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (intervals != null) {
      intervals.stop();
    }
    List<Future<?>> closing = new ArrayList<>();
    if (endHolds != null) {
      closing.add(endHolds.unregister());
    }
    if (states != null) {
      closing.add(states.stop());
    }
    closing.add(kube.close());
    if (vnc != null) {
      closing.add(vnc.close());
    }
    if (platform != null) {
      closing.add(platform.close());
    }
    return Future.join(closing);
  }

  /** Completes when this worker will take no more jobs and every session it took has ended. */
  public Future<Void> done() {
    return done.future();
  }

  /**
   * Drains: asks for no more jobs and gives every session that is not being deleted back to the orchestrator as it
   * is (acknowledged, so none is abandoned); those being deleted finish. Completes with {@link #done()}.
   */
  public Future<Void> drain() {
    return stopAll(LifecycleStop.HAND_BACK);
  }

  /**
   * The orchestrator is gone: asks for no more jobs, and deletes and cleans up every session this worker owns
   * ({@code keepSessions}: leaves them running). Completes with {@link #done()}.
   */
  public Future<Void> orchestratorLost(boolean keepSessions) {
    return stopAll(keepSessions ? LifecycleStop.KEEP : LifecycleStop.TERMINATE);
  }

  private enum LifecycleStop { HAND_BACK, TERMINATE, KEEP }

  private Future<Void> stopAll(LifecycleStop mode) {
    if (stopMode == null) {
      stopMode = mode;
      LOG.info("worker {} run {}: {} ({} sessions under way)", settings.node(), settings.run(),
          mode == LifecycleStop.HAND_BACK ? "draining: handing sessions back"
              : mode == LifecycleStop.TERMINATE ? "orchestrator lost: terminating its sessions"
              : "orchestrator lost: leaving its sessions running", running.size());
      for (SessionLifecycle lifecycle : List.copyOf(running)) {
        stopOne(lifecycle);
      }
      slotsOpen = 0;
      checkDone();
    }
    return done.future();
  }

  private void stopOne(SessionLifecycle lifecycle) {
    switch (stopMode) {
      case HAND_BACK, KEEP -> lifecycle.stop(StopMode.HAND_BACK);
      case TERMINATE -> lifecycle.stop(StopMode.TERMINATE);
      default -> throw new IllegalStateException();
    }
  }

  private void pull() {
    if (stopping || stopMode != null) {
      slotDone();
      return;
    }
    // no send timeout: the orchestrator holds the request until a job is waiting or the run ends
    vertx.eventBus().<SessionJob>request(Addresses.jobs(settings.run()), settings.node(),
            new DeliveryOptions().setSendTimeout(TimeUnit.DAYS.toMillis(1)))
        .onSuccess(msg -> run(msg.body()))
        .onFailure(cause -> {
          LOG.debug("worker {}: no job taken ({})", settings.node(), cause.getMessage());
          // no job left for this slot: publish the values of the sessions that just ended without waiting a tick
          intervals.flush();
          slotDone();
        });
  }

  /** Only the attempt it names: a copy for another worker, or for an attempt since handed over, changes nothing. */
  private void onEndHold(EndHold end) {
    for (SessionLifecycle lifecycle : running) {
      if (lifecycle.job().session().equals(end.session()) && lifecycle.job().attempt() == end.attempt()) {
        lifecycle.endHold(end.reason());
      }
    }
  }

  private void slotDone() {
    slotsOpen = Math.max(0, slotsOpen - 1);
    checkDone();
  }

  private void checkDone() {
    if (slotsOpen == 0 && running.isEmpty()) {
      done.tryComplete();
    }
  }

  private void run(SessionJob job) {
    SessionLifecycle lifecycle = new SessionLifecycle(services, job);
    running.add(lifecycle);
    unnamed.add(lifecycle);
    interest.awaiting();
    if (stopMode != null) {
      stopOne(lifecycle);
    }
    lifecycle.run().onComplete(ar -> {
      if (unnamed.remove(lifecycle)) {
        interest.unnamedEnded();
      }
      String id = lifecycle.sessionId();
      if (id != null) {
        interest.ended(id);
        live.remove(id);
        finished.add(id);
        early.remove(id);
      }
      Future<?> ended;
      if (ar.succeeded()) {
        vertx.eventBus().publish(Addresses.outcomes(settings.run()), ar.result());
        ended = Future.succeededFuture();
      } else if (ar.cause() instanceof HandedBackException back) {
        ended = stopMode == LifecycleStop.KEEP ? Future.succeededFuture() : handBack(back, 1);
      } else {
        LOG.error("run {} session {}: lifecycle ended without an outcome", job.run(), job.session(), ar.cause());
        ended = Future.succeededFuture();
      }
      ended.onComplete(v -> {
        running.remove(lifecycle);
        pull();
      });
    });
  }

  /** Until the orchestrator acknowledges it: a handed-back session must not be abandoned. */
  private Future<Void> handBack(HandedBackException back, int attempt) {
    SessionJob job = back.job();
    SessionHandback handback = new SessionHandback(job.run(), job.session(), job.attempt(), back.platformSession(),
        settings.node());
    return vertx.eventBus().request(Addresses.handback(settings.run()), handback,
            new DeliveryOptions().setSendTimeout(5_000))
        .<Void>mapEmpty()
        .onSuccess(v -> LOG.info("run {} session {} attempt {} ({}): handed back to the orchestrator", job.run(),
            job.session(), job.attempt(), back.platformSession()))
        .recover(cause -> {
          if (attempt >= 5) {
            LOG.error("run {} session {} attempt {} ({}): the orchestrator did not take it back after {} tries ({}); "
                + "`loadstone cleanup --run {}` removes it", job.run(), job.session(), job.attempt(),
                back.platformSession(), attempt, cause.getMessage(), job.run());
            return Future.succeededFuture();
          }
          return handBack(back, attempt + 1);
        });
  }

  private void onFact(KubeFact fact) {
    SessionLifecycle lifecycle = live.get(fact.sessionId());
    if (lifecycle != null) {
      lifecycle.onFact(fact);
    } else if (unnamed.isEmpty()) {
      // no create of ours awaits its answer: the fact is another worker's session (or a list of old objects at
      // start); keeping it would cost every worker memory for every session in the namespace
      if (!early.isEmpty()) {
        early.clear();
      }
    } else if (!finished.contains(fact.sessionId())) {
      if (early.size() >= EARLY_SESSIONS && !early.containsKey(fact.sessionId())) {
        early.clear();
      }
      List<KubeFact> facts = early.computeIfAbsent(fact.sessionId(), k -> new ArrayList<>());
      if (facts.size() < EARLY_FACTS_PER_SESSION) {
        facts.add(fact);
      }
    }
  }

  private void onState(StateChange change) {
    SessionLifecycle lifecycle = live.get(change.sessionId());
    if (lifecycle != null) {
      lifecycle.onState(change);
    }
  }

  private final class Peers implements LifecycleServices.Peers {
    @Override
    public void created(SessionLifecycle lifecycle) {
      String id = lifecycle.sessionId();
      interest.named(id, unnamed.remove(lifecycle));
      live.put(id, lifecycle);
      states.follow(id, lifecycle.job().user());
      List<KubeFact> facts = early.remove(id);
      if (facts != null) {
        lifecycle.replay(facts);
      }
    }

    @Override
    public Optional<String> podIpOwnerOtherThan(String ip, String self) {
      return live.values().stream()
          .filter(l -> !self.equals(l.sessionId()) && ip.equals(l.podIp()))
          .map(SessionLifecycle::sessionId).findFirst();
    }
  }
}
