package io.loadstone.orchestrator.run;

import io.loadstone.common.Addresses;
import io.loadstone.common.message.IntervalHistogram;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.SessionJob;
import io.loadstone.common.message.SessionOutcome;
import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.Timeouts;
import io.loadstone.orchestrator.metrics.PhaseAggregator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator of one run: splits the plan into one {@link SessionJob} per session ({@code s0001}, ...), hands
 * them out to workers that ask for one (each request is a unit of the worker's credit), records who owns which,
 * counts every {@link PhaseEvent} once (appending it to {@code events.jsonl}), keeps the first {@link SessionOutcome}
 * of each session, and completes {@link #finished()} when every session has one, or at the safety timeout
 * (computed from the plan's timeouts and hold) with whatever arrived. Reports progress at most once a second.
 * The workers' {@link IntervalHistogram}s are merged into the phase histograms until then; at the end the
 * aggregator settles at once: values with no histogram yet count from their events, the same numbers a grace period
 * would give (a histogram holds only values whose events were published too) without adding a second to every run.
 * Histograms that arrive after the end are ignored, so the result the reports read no longer changes.
 */
public final class RunVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RunVerticle.class);
  /** room for the requests around the phases (create, delete, agent lookup) and for the workers' start */
  private static final Duration SAFETY_MARGIN = Duration.ofSeconds(60);

  /**
   * What the run observed.
   *
   * @param jobs     every job, in slot order
   * @param owners   slot id -> node that took it
   * @param outcomes slot id -> its outcome (missing when the run timed out without one)
   * @param phases   the deduplicated phase events and their histograms
   * @param timedOut true when the safety timeout ended the run
   */
  public record Result(List<SessionJob> jobs, Map<String, String> owners, Map<String, SessionOutcome> outcomes,
                       PhaseAggregator phases, boolean timedOut) {
  }

  private final RunId run;
  private final Plan plan;
  private final EventLog eventLog;
  private final Consumer<String> progress;
  private final List<SessionJob> jobs = new ArrayList<>();
  private final Deque<SessionJob> unassigned = new ArrayDeque<>();
  private final Map<String, String> owners = new LinkedHashMap<>();
  private final Map<String, SessionOutcome> outcomes = new LinkedHashMap<>();
  private final PhaseAggregator phases = new PhaseAggregator();
  private final Promise<Result> finished = Promise.promise();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private long safetyTimer = -1;
  private long progressTimer = -1;
  private String lastProgress = "";

  /**
   * @param eventLog where each new phase event is appended, or null
   * @param progress receives a progress line at most once a second when it changed
   */
  public RunVerticle(RunId run, Plan plan, EventLog eventLog, Consumer<String> progress) {
    this.run = Objects.requireNonNull(run, "run");
    this.plan = Objects.requireNonNull(plan, "plan");
    this.eventLog = eventLog;
    this.progress = Objects.requireNonNull(progress, "progress");
    for (int i = 1; i <= plan.sessions().count(); i++) {
      SessionJob job = new SessionJob(run, String.format("s%04d", i), 1, null);
      jobs.add(job);
      unassigned.add(job);
    }
  }

  /** Completes once every session has an outcome, or at the safety timeout. */
  public Future<Result> finished() {
    return finished.future();
  }

  /** The safety timeout: every phase deadline in a row, the hold, and a margin for requests and start-up. */
  public static Duration safetyTimeout(Plan plan) {
    Timeouts t = plan.timeouts();
    Duration up = max(max(t.provisioned(), t.podReady()), t.running());
    return up.plus(t.tunnelUp()).plus(plan.hold()).plus(t.cleanedUp()).plus(SAFETY_MARGIN);
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    MessageConsumer<String> jobRequests = bus.consumer(Addresses.jobs(run), this::onJobRequest);
    MessageConsumer<PhaseEvent> events = bus.consumer(Addresses.phaseEvents(run), m -> onEvent(m.body()));
    MessageConsumer<SessionOutcome> ends = bus.consumer(Addresses.outcomes(run), m -> onOutcome(m.body()));
    consumers.addAll(List.of(jobRequests, events, ends));
    consumers.add(bus.<IntervalHistogram>consumer(Addresses.intervals(run), m -> onInterval(m.body())));
    long safetyMillis = safetyTimeout(plan).toMillis();
    safetyTimer = vertx.setTimer(safetyMillis, id -> {
      LOG.warn("run {}: safety timeout after {} ms with {} of {} outcomes", run, safetyMillis, outcomes.size(),
          jobs.size());
      finish(true);
    });
    progressTimer = vertx.setPeriodic(1000, id -> report());
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(safetyTimer);
    vertx.cancelTimer(progressTimer);
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
  }

  /** One line of counts per phase, e.g. {@code created 5/5  provisioned 5  ...  done 2/5, failed 0}. */
  public String progressLine() {
    StringBuilder line = new StringBuilder();
    for (Phase p : Phase.values()) {
      line.append(p.id()).append(' ').append(phases.count(p));
      line.append(p == Phase.CREATED ? "/" + jobs.size() + "  " : "  ");
    }
    long failed = outcomes.values().stream().filter(o -> o.outcome() == SessionOutcome.Outcome.FAILED).count();
    return line.append("| done ").append(outcomes.size()).append('/').append(jobs.size()).append(", failed ")
        .append(failed).toString();
  }

  private void onJobRequest(Message<String> request) {
    SessionJob job = unassigned.poll();
    if (job == null) {
      request.fail(Addresses.NO_MORE_JOBS, "no more jobs in run " + run);
      return;
    }
    owners.put(job.session(), request.body());
    request.reply(job);
  }

  private void onEvent(PhaseEvent event) {
    if (!run.equals(event.run()) || !phases.accept(event)) {
      return;
    }
    if (eventLog != null) {
      eventLog.append(event);
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
    if (!run.equals(outcome.run()) || outcomes.containsKey(outcome.session())) {
      return;
    }
    outcomes.put(outcome.session(), outcome);
    if (outcomes.size() == jobs.size()) {
      finish(false);
    }
  }

  private void finish(boolean timedOut) {
    if (finished.future().isComplete()) {
      return;
    }
    vertx.cancelTimer(safetyTimer);
    vertx.cancelTimer(progressTimer);
    phases.settle();
    report();
    LOG.info("run {} finished: {} outcomes ({}), {} duplicate phase events or histograms dropped", run, outcomes.size(),
        outcomes.values().stream().collect(Collectors.groupingBy(o -> o.outcome().name().toLowerCase(),
            Collectors.counting())), phases.duplicates());
    finished.complete(new Result(List.copyOf(jobs), Map.copyOf(owners), Map.copyOf(outcomes), phases, timedOut));
  }

  private void report() {
    String line = progressLine();
    if (!line.equals(lastProgress)) {
      lastProgress = line;
      progress.accept(line);
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
