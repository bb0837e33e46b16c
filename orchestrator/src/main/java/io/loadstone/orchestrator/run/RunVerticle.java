package io.loadstone.orchestrator.run;

import io.loadstone.common.Addresses;
import io.loadstone.common.message.EndHold;
import io.loadstone.common.message.IntervalHistogram;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.RunOffer;
import io.loadstone.common.message.RunSpec;
import io.loadstone.common.message.SessionHandback;
import io.loadstone.common.message.ShareRequest;
import io.loadstone.common.message.SessionJob;
import io.loadstone.common.message.SessionOutcome;
import io.loadstone.common.message.WorkerHello;
import io.loadstone.common.plan.Plan;
import io.loadstone.orchestrator.metrics.PhaseAggregator;
import io.loadstone.orchestrator.steps.StepRunner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator of one run: splits the plan into one {@link SessionJob} per session ({@code s0001}, ...), hands
 * them out to workers that ask for one (each request is a unit of the worker's credit; a request made while no job
 * waits is held), records who owns which, counts every {@link PhaseEvent} once (appending it to
 * {@code events.jsonl}), keeps the first {@link SessionOutcome} of each session, and completes {@link #finished()}
 * when every session has one, or at the safety timeout (computed from the plan's timeouts and hold) with whatever
 * arrived. Reports progress at most once a second.
 * <p>
 * In a cluster ({@code spec} given) it also offers the run to worker nodes once a second ({@code RunOffer}), answers
 * their {@code WorkerHello} with the {@code RunSpec}, holds the jobs back until {@code minWorkers} joined, and
 * re-offers the sessions of a worker whose node left ({@link #nodeLeft(String)}) or that drained
 * ({@code SessionHandback}) as the next attempt, naming the platform session to adopt. The run's state lives here,
 * never only on a worker.
 * <p>
 * The workers' {@link IntervalHistogram}s are merged into the phase histograms until then; at the end the
 * aggregator settles at once: values with no histogram yet count from their events, the same numbers a grace period
 * would give (a histogram holds only values whose events were published too) without adding a second to every run.
 * Histograms that arrive after the end are ignored, so the result the reports read no longer changes.
 */
public final class RunVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RunVerticle.class);

  private final RunId run;
  private final Plan plan;
  private final EventLog eventLog;
  private final Consumer<String> progress;
  private final RunSpec spec;
  private final int minWorkers;
  private final JobBook book;
  private final WorkerRegistry registry = new WorkerRegistry();
  private final UserShares shares;
  private final JobDesk desk;
  private final PhaseAggregator phases = new PhaseAggregator();
  private final Promise<RunResult> finished = Promise.promise();
  private final Promise<Void> workersReady = Promise.promise();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final SessionProgress progressOf;
  private final List<Runnable> progressListeners = new ArrayList<>();
  private StepRunner steps;
  private boolean stepsDone = true;
  private long openedNanos = -1;
  private boolean open;
  private boolean finishing;
  private final SafetyTimeout safety = new SafetyTimeout(this::timedOut);
  private int localCapacity;
  private long progressTimer = -1;
  private long offerTimer = -1;
  private String lastProgress = "";

  /**
   * A run whose workers are deployed next to it (one JVM, no cluster).
   *
   * @param eventLog where each new phase event is appended, or null
   * @param progress receives a progress line at most once a second when it changed
   */
  public RunVerticle(RunId run, Plan plan, EventLog eventLog, Consumer<String> progress) {
    this(run, plan, eventLog, progress, null, 0);
  }

  /**
   * @param spec       what joining worker nodes get, or null when no node may join (no cluster)
   * @param minWorkers workers that must have joined before any job is handed out
   */
  public RunVerticle(RunId run, Plan plan, EventLog eventLog, Consumer<String> progress, RunSpec spec,
                     int minWorkers) {
    this.run = Objects.requireNonNull(run, "run");
    this.plan = Objects.requireNonNull(plan, "plan");
    this.eventLog = eventLog;
    this.progress = Objects.requireNonNull(progress, "progress");
    this.spec = spec;
    this.minWorkers = minWorkers;
    this.progressOf = new SessionProgress(plan);
    this.book = new JobBook(run, plan.sessions()::userOf);
    // split by user only where workers join from other nodes: one local worker observes everything anyway
    this.shares = new UserShares(run, plan.sessions().users(), spec != null);
    this.desk = new JobDesk(book, shares, registry);
    book.add(plan.sessions().count());
  }

  /**
   * The plan's steps, run on this verticle's context from when the run opens; the run ends only once they have all
   * ended too. Call before deploying.
   */
  public void steps(StepRunner runner) {
    this.steps = runner;
    this.stepsDone = runner == null;
  }

  /** {@code System.nanoTime()} when the run opened (jobs first handed out; steps' {@code at} counts from it), or -1. */
  public long openedNanos() {
    return openedNanos;
  }

  /** Adds sessions to the run (a create-sessions step); they are handed out like the plan's. */
  public List<String> addSessions(int count) {
    List<String> slots = book.add(count);
    LOG.info("run {}: {} sessions added ({})", run, count, String.join(", ", slots));
    dispatchWaiting();
    report();
    return slots;
  }

  /**
   * Ends the hold of up to {@code count} sessions that are running and not yet being deleted, lowest slot first,
   * only those placed on {@code agent} if given (a terminate-sessions step). Returns the slots told.
   */
  public List<String> endHolds(int count, String agent, String reason) {
    List<String> chosen = progressOf.holdingSlots(count, agent, book::underWay);
    for (String slot : chosen) {
      vertx.eventBus().publish(Addresses.endHold(run), new EndHold(run, slot, book.current(slot).attempt(), reason));
    }
    return chosen;
  }

  /**
   * True when every session so far is running and through its checks (tunnelUp when the plan checks VNC), or has
   * ended: a step that disrupts the platform then never lands in the middle of a check.
   */
  public boolean allRunning() {
    return book.jobs().stream().allMatch(j -> progressOf.holding(j.session()) || book.ended(j.session()));
  }

  /** Called on this context after each phase event or outcome that changed something. */
  public void onProgress(Runnable listener) {
    progressListeners.add(listener);
  }

  /** The steps have all ended (done, failed, timed out or skipped): the run may end once every session has. */
  public void stepsEnded() {
    stepsDone = true;
    if (book.allEnded()) {
      finish(false);
    }
  }

  public RunId runId() {
    return run;
  }

  /** Completes once every session has an outcome (and the steps have ended), or at the safety timeout. */
  public Future<RunResult> finished() {
    return finished.future();
  }

  /** Completes once {@code minWorkers} workers joined (at once without a cluster). */
  public Future<Void> workersReady() {
    return workersReady.future();
  }

  /** Workers joined and not lost (read on this verticle's context). */
  public int liveWorkers() {
    return registry.live();
  }

  /**
   * How many sessions the worker deployed next to this run takes at once, when fewer than the plan's; the safety
   * timeout then allows a lifecycle per wave. Call before deploying.
   */
  public void localCapacity(int capacity) {
    this.localCapacity = capacity;
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    MessageConsumer<String> jobRequests = bus.consumer(Addresses.jobs(run), this::onJobRequest);
    MessageConsumer<PhaseEvent> events = bus.consumer(Addresses.phaseEvents(run), m -> onEvent(m.body()));
    MessageConsumer<SessionOutcome> ends = bus.consumer(Addresses.outcomes(run), m -> onOutcome(m.body()));
    MessageConsumer<WorkerHello> joins = bus.consumer(Addresses.join(run), this::onJoin);
    MessageConsumer<SessionHandback> handbacks = bus.consumer(Addresses.handback(run), this::onHandback);
    MessageConsumer<ShareRequest> shareRequests = bus.consumer(Addresses.shares(run), m -> {
      shares.request(m);
      dispatchWaiting();
    });
    consumers.addAll(List.of(jobRequests, events, ends, joins, handbacks, shareRequests));
    consumers.add(bus.<IntervalHistogram>consumer(Addresses.intervals(run), m -> onInterval(m.body())));
    if (spec == null || minWorkers <= 0) {
      openRun();
    }
    if (spec != null) {
      RunOffer offer = new RunOffer(run, spec.orchestratorNode());
      bus.publish(Addresses.RUNS, offer);
      offerTimer = vertx.setPeriodic(1000, id -> bus.publish(Addresses.RUNS, offer));
    }
    progressTimer = vertx.setPeriodic(1000, id -> report());
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    safety.cancel();
    vertx.cancelTimer(progressTimer);
    vertx.cancelTimer(offerTimer);
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
  }

  /** One line of counts per phase, e.g. {@code created 5/5  provisioned 5  ...  done 2/5, failed 0}. */
  public String progressLine() {
    return ProgressLine.of(phases, book, spec == null ? null : registry, steps);
  }

  /**
   * A cluster member left (from any thread): each worker on it is lost, and every session it was running is offered
   * again as the next attempt, adopting the platform session its events named.
   */
  public void nodeLeft(String node) {
    if (io.vertx.core.Vertx.currentContext() != context) {
      context.runOnContext(v -> nodeLeft(node));
      return;
    }
    List<String> lostWorkers = registry.nodeLeft(node);
    // its values whose interval histogram never came count from its events: nothing it measured is lost
    lostWorkers.forEach(phases::nodeLost);
    for (String worker : lostWorkers) {
      List<String> slots = book.underWayOn(worker);
      LOG.warn("run {}: worker {} (node {}) left the cluster with {} sessions under way: offering them again", run,
          worker, node, slots.size());
      desk.dropWorker(worker);
      shares.release(worker);
      slots.forEach(this::reoffer);
    }
    if (!lostWorkers.isEmpty()) {
      allowForTheRest();
    }
    report();
  }

  private void onJoin(Message<WorkerHello> message) {
    WorkerHello hello = message.body();
    if (spec == null) {
      message.fail(400, "run " + run + " takes no worker nodes");
      return;
    }
    if (finished.future().isComplete()) {
      message.fail(Addresses.NO_MORE_JOBS, "run " + run + " is over");
      return;
    }
    if (registry.join(hello)) {
      LOG.info("run {}: worker {} joined ({} sessions at a time)", run, hello.worker(), hello.capacity());
      shares.joined(hello.worker(), hello.capacity(), book::started);
    }
    message.reply(spec);
    if (!open && registry.live() >= minWorkers) {
      openRun();
    }
  }

  private void onHandback(Message<SessionHandback> message) {
    SessionHandback back = message.body();
    message.reply(null);
    SessionJob now = book.current(back.session());
    if (now == null || now.attempt() != back.attempt() || !book.underWay(back.session())) {
      return;
    }
    if (back.platformSession() != null) {
      book.platformSession(back.session(), back.attempt(), back.platformSession());
    }
    LOG.info("run {} session {} attempt {}: handed back by worker {}", run, back.session(), back.attempt(),
        back.worker());
    // only a draining worker hands sessions back, and it takes no more: its users' sessions need another worker
    shares.release(back.worker());
    reoffer(back.session());
  }

  /**
   * Sessions starting over on fewer workers may need longer than the deadline set when the run opened. (A drained
   * worker's node leaves once it has handed its sessions back, which lands here too.)
   */
  private void allowForTheRest() {
    int left = book.size() - book.outcomeCount();
    int capacity = registry.capacity();
    Duration rest = SafetyTimeout.forRest(plan, left, capacity);
    if (open && !finishing && safety.atLeast(rest)) {
      LOG.info("run {}: a worker was lost; the safety timeout now ends the run {} s from now at the latest ({} sessions"
          + " without an outcome, {} at once)", run, rest.toSeconds(), left, capacity);
    }
  }

  private void reoffer(String slot) {
    book.reoffer(slot);
    dispatchWaiting();
  }

  private void openRun() {
    open = true;
    openedNanos = System.nanoTime();
    // from now, not from start: waiting for the cluster's workers must not eat the run's own margin
    safety.start(vertx, SafetyTimeout.of(plan, spec == null ? localCapacity : registry.capacity()));
    workersReady.tryComplete();
    shares.open();
    dispatchWaiting();
    if (steps != null) {
      steps.start(this);
    }
  }

  private void dispatchWaiting() {
    if (open) {
      desk.dispatch();
    }
  }

  private void onJobRequest(Message<String> request) {
    if (finished.future().isComplete() || registry.isLost(request.body())) {
      request.fail(Addresses.NO_MORE_JOBS, "no more jobs in run " + run);
      return;
    }
    desk.request(request, open);
  }

  private void onEvent(PhaseEvent event) {
    if (!run.equals(event.run())) {
      return;
    }
    // the newest attempt's id is the one to adopt: never let a late event of an older attempt overwrite it
    book.platformSession(event.session(), event.attempt(), event.platformSession());
    if (!phases.accept(event)) {
      return;
    }
    if (eventLog != null) {
      eventLog.append(event);
    }
    progressOf.record(event);
    if (SessionProgress.isStepPhase(event.phase())) {
      progressListeners.forEach(Runnable::run);
    }
  }

  private void onInterval(IntervalHistogram histogram) {
    if (!run.equals(histogram.run()) || finished.future().isComplete()) {
      return;
    }
    try {
      phases.accept(histogram);
    } catch (IllegalArgumentException e) {
      LOG.warn("run {}: dropped {}; its values count from their events", run, e.getMessage());
    }
  }

  private void onOutcome(SessionOutcome outcome) {
    if (!run.equals(outcome.run()) || !book.outcome(outcome)) {
      return;
    }
    progressListeners.forEach(Runnable::run);
    if (book.allEnded() && stepsDone) {
      finish(false);
    }
  }

  private void timedOut() {
    LOG.warn("run {}: safety timeout with {} of {} outcomes", run, book.outcomeCount(), book.size());
    finish(true);
  }

  private void finish(boolean timedOut) {
    if (finishing) {
      return;
    }
    finishing = true;
    if (steps != null) {
      steps.runEnded();
    }
    safety.cancel();
    vertx.cancelTimer(progressTimer);
    vertx.cancelTimer(offerTimer);
    desk.close("run " + run + " is over");
    shares.close("run " + run + " is over");
    phases.settle();
    report();
    LOG.info("run {} finished: {} outcomes ({}), {} duplicate phase events or histograms dropped", run,
        book.outcomeCount(), book.byOutcome(), phases.duplicates());
    finished.complete(new RunResult(book.jobs(), book.owners(), book.outcomes(), phases, timedOut, registry.workers(),
        registry.lost(), book.recovered(), book.attempts(), steps == null ? List.of() : steps.results(),
        shares.given()));
  }

  private void report() {
    String line = progressLine();
    if (!line.equals(lastProgress)) {
      lastProgress = line;
      progress.accept(line);
    }
  }

}
