package io.loadstone.worker.platform;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the API state of every session this worker owns with ONE {@code GET /api/v1/sessions[?user=]} per
 * interval, however many sessions it follows (none while it follows none); {@link #perUser per user}, one call per
 * user with a followed session, so that the answers hold this worker's users' sessions only (up to
 * {@value #MAX_CALLS_PER_POLL} users; with more, one unfiltered list). Calls never overlap: the next one starts
 * an interval after the previous one started, or at once if that one took longer. Each state change of a followed
 * session is reported once, with the time its answer arrived, to the listener on the context that created this
 * object. A failed call is logged and the next interval tries again.
 * <pre>
 * SessionStates states = new SessionStates(vertx, platform, "admin", Duration.ofMillis(250), change -> ...);
 * states.start();
 * states.follow(created.name(), "admin");
 * ...
 * states.stop();
 * </pre>
 * {@link #follow} and {@link #forget} may be called from any thread. The real platform caches list answers for up
 * to 30 s, so there a change may be seen late; the observation time is still when this worker saw it.
 */
public final class SessionStates {
  public static final Duration MAX_INTERVAL = Duration.ofMillis(250);
  /** per-user calls in one interval at most; beyond, one unfiltered list */
  static final int MAX_CALLS_PER_POLL = 32;
  private static final Logger LOG = LoggerFactory.getLogger(SessionStates.class);
  /** marks a followed session not yet seen in any answer (the map holds no nulls) */
  private static final String UNSEEN = "";

  private final Vertx vertx;
  private final Context context;
  private final PlatformClient platform;
  private final String user;
  private final boolean perUser;
  private final Map<String, String> users = new ConcurrentHashMap<>();
  private final long intervalNanos;
  private final Handler<StateChange> listener;
  private final Map<String, String> lastStates = new ConcurrentHashMap<>();
  private final AtomicLong listCalls = new AtomicLong();
  private boolean started;
  private boolean stopped;
  private long timerId = -1;
  private Future<StateList> inFlight;
  private int failuresInARow;

  /**
   * @param user     the {@code ?user=} filter of the list call (the owner of this worker's sessions); null for all
   * @param interval time between the starts of two list calls, at most {@link #MAX_INTERVAL}
   */
  public SessionStates(Vertx vertx, PlatformClient platform, String user, Duration interval,
                       Handler<StateChange> listener) {
    this(vertx, platform, user, false, interval, listener);
  }

  /** One {@code ?user=} call per user with a followed session in each interval (the calls run side by side). */
  public static SessionStates perUser(Vertx vertx, PlatformClient platform, Duration interval,
                                      Handler<StateChange> listener) {
    return new SessionStates(vertx, platform, null, true, interval, listener);
  }

  private SessionStates(Vertx vertx, PlatformClient platform, String user, boolean perUser, Duration interval,
                        Handler<StateChange> listener) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero() || interval.compareTo(MAX_INTERVAL) > 0) {
      throw new IllegalArgumentException("interval: expected a duration in (0, 250ms], got " + interval.toMillis() + "ms");
    }
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.platform = Objects.requireNonNull(platform, "platform");
    this.user = user;
    this.perUser = perUser;
    this.intervalNanos = interval.toNanos();
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Starts polling (idempotent). */
  public void start() {
    context.runOnContext(v -> {
      if (!started && !stopped) {
        started = true;
        poll();
      }
    });
  }

  /** Adds a session of {@code user}; its first sighting is reported as a change from null. */
  public void follow(String sessionId, String user) {
    users.put(sessionId, Objects.requireNonNull(user, "user"));
    lastStates.putIfAbsent(sessionId, UNSEEN);
  }

  /** Stops reporting a session (e.g. once it is cleaned up). */
  public void forget(String sessionId) {
    lastStates.remove(sessionId);
    users.remove(sessionId);
  }

  /** Sessions followed right now. */
  public int following() {
    return lastStates.size();
  }

  /** List calls sent since the start. */
  public long listCalls() {
    return listCalls.get();
  }

  /** Stops polling; completes once a call in flight has ended (its answer is not reported). Idempotent. */
  public Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      stopped = true;
      if (timerId >= 0) {
        vertx.cancelTimer(timerId);
        timerId = -1;
      }
      Future<StateList> pending = inFlight;
      if (pending == null) {
        done.complete();
      } else {
        pending.onComplete(ar -> done.complete());
      }
    });
    return done.future();
  }

  private void poll() {
    timerId = -1;
    if (stopped) {
      return;
    }
    long startedNanos = System.nanoTime();
    if (lastStates.isEmpty()) {
      schedule(startedNanos);
      return;
    }
    List<Future<StateList>> calls = new ArrayList<>();
    Set<String> filters = perUser ? listFilters(users.values()) : Collections.singleton(user);
    for (String filter : filters) {
      listCalls.incrementAndGet();
      calls.add(platform.listStates(filter));
    }
    Future<StateList> call = Future.join(calls).map(all -> null);
    inFlight = call;
    // the client's futures may complete on another context: come back to ours before touching state
    call.onComplete(ar -> context.runOnContext(v -> {
      inFlight = null;
      if (stopped) {
        return;
      }
      calls.stream().filter(Future::succeeded).forEach(answer -> apply(answer.result()));
      if (ar.succeeded()) {
        failuresInARow = 0;
      } else if (failuresInARow++ == 0) {
        LOG.warn("listing the sessions of {} failed, retrying every interval: {}", filters,
            ar.cause().getMessage());
      } else {
        LOG.debug("listing the sessions of {} failed again ({} in a row): {}", filters, failuresInARow,
            ar.cause().getMessage());
      }
      schedule(startedNanos);
    }));
  }

  /**
   * The {@code ?user=} filters of one interval's calls: one per owner, or (null) one unfiltered list when there are
   * more than {@value #MAX_CALLS_PER_POLL}: many users with few sessions each cost less in one list.
   */
  static Set<String> listFilters(java.util.Collection<String> owners) {
    Set<String> distinct = new TreeSet<>(owners);
    return distinct.size() > MAX_CALLS_PER_POLL ? Collections.singleton(null) : distinct;
  }

  private void schedule(long lastStartNanos) {
    long waitMillis = Math.max(1, (intervalNanos - (System.nanoTime() - lastStartNanos)) / 1_000_000);
    timerId = vertx.setTimer(waitMillis, id -> poll());
  }

  private void apply(StateList list) {
    for (StateList.Entry entry : list.entries()) {
      String id = entry.name();
      if (id == null || entry.state() == null) {
        continue;
      }
      String previous = lastStates.get(id);
      if (previous == null || previous.equals(entry.state())) {
        continue;
      }
      if (!lastStates.replace(id, previous, entry.state())) {
        continue;
      }
      // only news is decoded in full: the rest of the list may be other workers' sessions
      SessionView view = list.view(entry);
      StateChange change = new StateChange(id, previous.equals(UNSEEN) ? null : previous, entry.state(),
          list.receivedNanos(), view);
      LOG.debug("session {}: API state {} -> {}", id, change.previousState(), change.state());
      try {
        listener.handle(change);
      } catch (RuntimeException e) {
        LOG.error("session {}: state listener failed on {} -> {}", id, change.previousState(), change.state(), e);
      }
    }
  }
}
