package io.loadstone.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.common.Addresses;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.SessionJob;
import io.loadstone.common.message.SessionOutcome;
import io.loadstone.common.message.codec.Codecs;
import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.PlanLoader;
import io.loadstone.worker.metrics.IntervalRecorder;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The run's orchestrator over a real event bus, with the test playing the worker. */
@Timeout(20)
class RunVerticleTest {
  private final Vertx vertx = Vertx.vertx();
  private final RunId run = new RunId("test-run");

  RunVerticleTest() {
    Codecs.registerAll(vertx.eventBus());
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static Plan plan(int sessions) {
    return PlanLoader.parse("plan.yaml", "name: t\nsessions: {count: " + sessions + ", template: firefox-browser}\n");
  }

  private PhaseEvent event(String session, Phase phase, long micros) {
    return new PhaseEvent(run, session, 1, phase, micros, System.nanoTime(), System.currentTimeMillis(), "w1",
        "admin-firefox-browser-" + session, PhaseEvent.NO_INTERVAL);
  }

  private SessionOutcome completed(String session) {
    return new SessionOutcome(run, session, 1, "w1", "p-" + session, "agent-1", SessionOutcome.Outcome.COMPLETED,
        null, null, null);
  }

  @Test
  void duplicatePhaseEventIsCountedOnceAndLoggedOnce(@TempDir Path dir) throws Exception {
    EventLog log = EventLog.open(vertx, dir.resolve("events.jsonl")).await();
    RunVerticle verticle = new RunVerticle(run, plan(1), log, line -> { });
    vertx.deployVerticle(verticle).await();
    SessionJob job = vertx.eventBus().<SessionJob>request(Addresses.jobs(run), "w1").await().body();

    PhaseEvent created = event(job.session(), Phase.CREATED, 12_000);
    vertx.eventBus().publish(Addresses.phaseEvents(run), created);
    vertx.eventBus().publish(Addresses.phaseEvents(run), created);
    vertx.eventBus().publish(Addresses.outcomes(run), completed(job.session()));
    RunResult result = verticle.finished().await();
    // the outcome travels on another address: wait until the repeated event has been seen too
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> result.phases().duplicates() == 1);
    log.close().await();

    assertThat(result.phases().count(Phase.CREATED)).isEqualTo(1);
    assertThat(Files.readAllLines(dir.resolve("events.jsonl"))).hasSize(1);
  }

  @Test
  void jobsAreHandedOutOnceEachAndALaterRequestIsHeldUntilTheRunEnds() {
    RunVerticle verticle = new RunVerticle(run, plan(3), null, line -> { });
    vertx.deployVerticle(verticle).await();
    List<String> sessions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sessions.add(vertx.eventBus().<SessionJob>request(Addresses.jobs(run), "w1").await().body().session());
    }
    var held = vertx.eventBus().request(Addresses.jobs(run), "w1");
    for (String s : sessions) {
      assertThat(held.isComplete()).as("held while the run is under way").isFalse();
      vertx.eventBus().publish(Addresses.outcomes(run), completed(s));
    }
    Throwable refused = catchFailure(() -> held.await());

    assertThat(sessions).containsExactly("s0001", "s0002", "s0003");
    assertThat(refused).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) refused).failureCode()).isEqualTo(Addresses.NO_MORE_JOBS);
  }

  @Test
  void finishesOnlyWhenEverySessionHasAnOutcomeAndKeepsTheFirst() {
    List<String> progress = new CopyOnWriteArrayList<>();
    RunVerticle verticle = new RunVerticle(run, plan(2), null, progress::add);
    vertx.deployVerticle(verticle).await();

    vertx.eventBus().publish(Addresses.outcomes(run), completed("s0001"));
    vertx.eventBus().publish(Addresses.outcomes(run), new SessionOutcome(run, "s0001", 1, "w2", null, null,
        SessionOutcome.Outcome.FAILED, Phase.CREATED, null, null));
    vertx.eventBus().request(Addresses.jobs(run), "w1").await();
    assertThat(verticle.finished().isComplete()).isFalse();
    vertx.eventBus().publish(Addresses.outcomes(run), completed("s0002"));
    RunResult result = verticle.finished().await();

    assertThat(result.outcomes()).containsOnlyKeys("s0001", "s0002");
    assertThat(result.outcomes().get("s0001").node()).isEqualTo("w1");
    assertThat(result.timedOut()).isFalse();
    assertThat(progress).last().asString().contains("done 2/2");
  }

  @Test
  void intervalHistogramsAreMergedAndEventsWithoutOneCountAtTheEnd() {
    RunVerticle verticle = new RunVerticle(run, plan(2), null, line -> { });
    vertx.deployVerticle(verticle).await();
    IntervalRecorder recorder = new IntervalRecorder(run, "w1",
        h -> vertx.eventBus().publish(Addresses.intervals(run), h));
    PhaseEvent inHistogram = event("s0001", Phase.POD_READY, 2_000_000);
    PhaseEvent eventLost = event("s0003", Phase.POD_READY, 9_000_000);
    inHistogram = inHistogram.inInterval(recorder.record(inHistogram));
    recorder.record(eventLost);
    recorder.flush();
    PhaseEvent histogramLost = event("s0002", Phase.POD_READY, 4_000_000);
    histogramLost = histogramLost.inInterval(recorder.record(histogramLost));

    vertx.eventBus().publish(Addresses.phaseEvents(run), inHistogram);
    vertx.eventBus().publish(Addresses.phaseEvents(run), histogramLost);
    vertx.eventBus().request(Addresses.jobs(run), "w1").await();
    vertx.eventBus().request(Addresses.jobs(run), "w1").await();
    vertx.eventBus().publish(Addresses.outcomes(run), completed("s0001"));
    vertx.eventBus().publish(Addresses.outcomes(run), completed("s0002"));
    RunResult result = verticle.finished().await();

    // counts come from the events; latencies from the histogram (which has the value whose event was lost) and,
    // at the end, from the event whose histogram never came
    assertThat(result.phases().count(Phase.POD_READY)).isEqualTo(2);
    Histogram expected = new Histogram(3);
    List.of(2_000_000L, 9_000_000L, 4_000_000L).forEach(expected::recordValue);
    assertThat(result.phases().histogram(Phase.POD_READY)).isEqualTo(expected);
  }

  private static Throwable catchFailure(Runnable r) {
    try {
      r.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }
}
