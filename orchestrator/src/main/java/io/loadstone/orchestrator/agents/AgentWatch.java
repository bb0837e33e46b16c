package io.loadstone.orchestrator.agents;

import io.loadstone.common.Addresses;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.SessionOutcome;
import io.loadstone.worker.platform.AgentView;
import io.loadstone.worker.platform.PlatformClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the platform's agents during a run: polls {@code GET /api/v1/admin/agents} every interval (one poll at a
 * time, on the Vert.x context that started it) and keeps each agent's timeline (first seen, offline detected,
 * reconnected, online again), its outages with their recovery times, and its {@code lastHeartbeat} advances, which
 * prove an agent listed offline is in fact connected and heartbeating. It also stamps, on arrival, the run's session
 * milestones (running, delete accepted, cleaned up, outcome) from the event bus, so sessions compare with agent
 * timelines on one clock: this JVM's {@code System.nanoTime()}. The wall clock is only for display.
 * <p>
 * The first list must succeed, or {@link #start} fails (the run decides whether to go on without agent data). A later
 * failed poll is logged once per streak and the watch keeps polling; the stretch is recorded as an
 * {@link ObservationGap}. An outage shorter than the interval may go unseen. Thread-safe: the getters and
 * {@link #disruption} may be called from any thread; listeners run on the watch's context.
 * <pre>
 * AgentWatch watch = AgentWatch.start(vertx, platform, run, Duration.ofMillis(500)).await();   // await in main only
 * watch.onChange(t -> ...);  ...  watch.stop();  AgentReport seen = watch.snapshot();
 * </pre>
 */
public final class AgentWatch {
  private static final Logger LOG = LoggerFactory.getLogger(AgentWatch.class);
  /** The interval when none is given. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);

  private final Vertx vertx;
  private final Context context;
  private final PlatformClient client;
  private final RunId run;
  private final long intervalMillis;
  private final long startNanos = System.nanoTime();
  private final Instant startedAt = Instant.now();
  private final Object lock = new Object();
  private final Map<String, AgentTimeline> agents = new LinkedHashMap<>();
  private final List<ObservationGap> gaps = new ArrayList<>();
  private final List<Disruption> disruptions = new ArrayList<>();
  private final Map<String, long[]> sessions = new HashMap<>();
  private final Map<String, Integer> sessionAttempts = new HashMap<>();
  private final AgentTimeline.FleetCadence fleet = new AgentTimeline.FleetCadence();
  /** slot -> the agent its create answer named */
  private final Map<String, String> placedOn = new HashMap<>();
  private final List<Consumer<AgentTransition>> listeners = new CopyOnWriteArrayList<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private long polls;
  private long failedPolls;
  private long lastAnsweredNanos;
  private long failingSinceNanos = -1;
  private int failingStreak;
  private String lastFailure;
  private long timer = -1;
  private boolean stopped;
  private Future<Void> inFlight = Future.succeededFuture();

  private AgentWatch(Vertx vertx, Context context, PlatformClient client, RunId run, Duration interval) {
    this.vertx = vertx;
    this.context = context;
    this.client = client;
    this.run = run;
    this.intervalMillis = Math.max(1, interval.toMillis());
  }

  /** Polls every {@code interval} (default 500 ms) on the caller's Vert.x context (a new one outside any). */
  public static Future<AgentWatch> start(Vertx vertx, PlatformClient client, RunId run, Duration interval) {
    Context context = vertx.getOrCreateContext();
    AgentWatch watch = new AgentWatch(vertx, context, client, run, interval == null ? DEFAULT_INTERVAL : interval);
    Promise<AgentWatch> started = Promise.promise();
    context.runOnContext(v -> {
      watch.listen();
      watch.poll().onComplete(first -> {
        if (first.failed()) {
          watch.consumers.forEach(MessageConsumer::unregister);
          started.fail(first.cause());
          return;
        }
        LOG.info("run {}: watching {} agent(s) every {} ms", run, watch.agentIds().size(), watch.intervalMillis);
        watch.schedule();
        started.complete(watch);
      });
    });
    return started.future();
  }

  /** Stops polling (a poll under way finishes) and listening; the snapshot keeps everything seen. Idempotent. */
  public Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      stopped = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      Future<Void> unregistered = Future.join(consumers.stream().map(c -> (Future<?>) c.unregister()).toList())
          .mapEmpty();
      Future.join(inFlight, unregistered).<Void>mapEmpty().onComplete(done);
    });
    return done.future();
  }

  /** Every agent ever listed, in the order first seen. */
  public Set<String> agentIds() {
    synchronized (lock) {
      return Collections.unmodifiableSet(new LinkedHashSet<>(agents.keySet()));
    }
  }

  /** The last observed status ({@code online}, {@code offline}, ..., {@link AgentTransition#ABSENT}). */
  public Optional<String> status(String agentId) {
    synchronized (lock) {
      AgentTimeline t = agents.get(agentId);
      return t == null ? Optional.empty() : Optional.ofNullable(t.status());
    }
  }

  /** Each observed status change, on the watch's context, after the timeline recorded it. */
  public void onChange(Consumer<AgentTransition> listener) {
    listeners.add(listener);
  }

  /**
   * The run provoked an outage now (a step): detection and reconnect times of {@code agentId} (null = every agent)
   * count from {@code nanos} (this JVM's {@code System.nanoTime()}); {@code what} names it in the report
   * ({@code agent-disconnect step 1}).
   */
  public void disruption(String agentId, long nanos, String what) {
    Disruption d = new Disruption(agentId, nanos, what);
    synchronized (lock) {
      disruptions.add(d);
      agents.forEach((id, t) -> {
        if (d.concerns(id)) {
          t.attribute(d);
        }
      });
    }
    LOG.info("run {}: disruption of {} declared: {}", run, agentId == null ? "every agent" : "agent " + agentId, what);
  }

  /** An immutable snapshot, for reports and metrics. */
  public AgentReport snapshot() {
    synchronized (lock) {
      List<AgentHistory> histories = agents.values().stream().map(AgentTimeline::history).toList();
      List<ObservationGap> allGaps = new ArrayList<>(gaps);
      if (failingSinceNanos >= 0) {
        allGaps.add(new ObservationGap(failingSinceNanos, wall(failingSinceNanos), -1, null, failingStreak,
            lastFailure));
      }
      Map<String, SessionSighting> seen = new HashMap<>();
      sessions.forEach((session, t) -> seen.put(session, new SessionSighting(session, t[0], t[1], t[2], t[3], t[4],
          placedOn.get(session))));
      return new AgentReport(startNanos, startedAt, intervalMillis, histories, allGaps, disruptions, seen, polls,
          failedPolls);
    }
  }

  private Instant wall(long nanos) {
    return startedAt.plusNanos(nanos - startNanos);
  }

  private void listen() {
    consumers.add(vertx.eventBus().<PhaseEvent>consumer(Addresses.phaseEvents(run), m -> phase(m.body())));
    consumers.add(vertx.eventBus().<SessionOutcome>consumer(Addresses.outcomes(run), m -> outcome(m.body())));
  }

  private void phase(PhaseEvent e) {
    int slot = switch (e.phase()) {
      case RUNNING -> 0;
      case TERMINATED -> 1;
      case CLEANED_UP -> 2;
      case CREATED -> 4;
      default -> -1;
    };
    if (e.agent() != null) {
      synchronized (lock) {
        placedOn.put(e.session(), e.agent());
      }
    }
    if (slot >= 0) {
      mark(e.session(), e.attempt(), slot);
    }
  }

  private void outcome(SessionOutcome o) {
    mark(o.session(), o.attempt(), 3);
  }

  /** The first arrival of a milestone of the session's latest attempt; a later attempt starts over. */
  private void mark(String session, int attempt, int slot) {
    long now = System.nanoTime();
    synchronized (lock) {
      int known = sessionAttempts.getOrDefault(session, 0);
      if (attempt < known) {
        return;
      }
      long[] times = sessions.get(session);
      if (attempt > known || times == null) {
        // an adopting attempt keeps what the lost one saw running; the rest is its own
        long running = times == null ? -1 : times[0];
        times = new long[] {running, -1, -1, -1, -1};
        sessions.put(session, times);
        sessionAttempts.put(session, attempt);
      }
      if (times[slot] < 0) {
        times[slot] = now;
      }
    }
  }

  private void schedule() {
    if (stopped) {
      return;
    }
    long sinceLast = (System.nanoTime() - lastAnsweredNanos) / 1_000_000;
    timer = vertx.setTimer(Math.max(1, intervalMillis - Math.max(0, sinceLast)), id -> {
      timer = -1;
      if (!stopped) {
        inFlight = poll().otherwiseEmpty();
        inFlight.onComplete(ar -> schedule());
      }
    });
  }

  private Future<Void> poll() {
    return client.agents().transform(ar -> {
      long now = System.nanoTime();
      Instant at = Instant.now();
      if (ar.succeeded()) {
        List<AgentTransition> changes = observe(ar.result(), now, at);
        changes.forEach(this::tell);
        return Future.succeededFuture();
      }
      failed(ar.cause(), now);
      return Future.failedFuture(ar.cause());
    });
  }

  private List<AgentTransition> observe(List<AgentView> rows, long now, Instant at) {
    List<AgentTransition> changes = new ArrayList<>();
    synchronized (lock) {
      polls++;
      if (failingSinceNanos >= 0) {
        gaps.add(new ObservationGap(failingSinceNanos, wall(failingSinceNanos), now, at, failingStreak, lastFailure));
        LOG.info("run {}: agent list readable again after {} failed poll(s)", run, failingStreak);
        failingSinceNanos = -1;
        failingStreak = 0;
      }
      lastAnsweredNanos = now;
      Set<String> listed = new HashSet<>();
      for (AgentView row : rows) {
        listed.add(row.agentId());
        AgentTimeline t = agents.computeIfAbsent(row.agentId(), id -> new AgentTimeline(id, intervalMillis, fleet));
        AgentTransition change = t.observe(row, now, at, (after, until) -> latestDisruption(row.agentId(), after, until));
        if (change != null) {
          changes.add(change);
        }
      }
      agents.forEach((id, t) -> {
        if (!listed.contains(id)) {
          AgentTransition change = t.absent(now, at);
          if (change != null) {
            changes.add(change);
          }
        }
      });
    }
    return changes;
  }

  private Disruption latestDisruption(String agentId, long after, long until) {
    Disruption found = null;
    for (Disruption d : disruptions) {
      if (d.concerns(agentId) && d.nanos() > after && d.nanos() <= until && (found == null || d.nanos() >= found.nanos())) {
        found = d;
      }
    }
    return found;
  }

  private void failed(Throwable cause, long now) {
    String why = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    synchronized (lock) {
      failedPolls++;
      lastFailure = why;
      failingStreak++;
      if (failingSinceNanos >= 0 || polls == 0) {
        return;
      }
      failingSinceNanos = lastAnsweredNanos;
    }
    LOG.warn("run {}: the agent list could not be read ({}); still trying every {} ms, agents are not observed "
        + "until it answers", run, why, intervalMillis);
  }

  private void tell(AgentTransition change) {
    LOG.info("run {}: agent {} {} -> {}", run, change.agentId(), change.from() == null ? "(first seen)" : change.from(),
        change.to());
    for (Consumer<AgentTransition> listener : listeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        LOG.warn("run {}: an agent change listener failed on {}: {}", run, change, e.toString());
      }
    }
  }
}
