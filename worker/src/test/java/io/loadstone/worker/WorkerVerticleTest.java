package io.loadstone.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.common.Addresses;
import io.loadstone.common.message.IntervalHistogram;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.SessionJob;
import io.loadstone.common.message.ShareRequest;
import io.loadstone.common.message.UserShare;
import io.loadstone.common.message.SessionOutcome;
import io.loadstone.common.message.codec.Codecs;
import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.PlanLoader;
import io.loadstone.sandbox.SandboxEndpoints;
import io.loadstone.sandbox.testing.TestSandbox;
import io.loadstone.worker.kube.KubeTarget;
import io.loadstone.worker.platform.PlatformTarget;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker against a whole sandbox, with the test handing out jobs over the event bus as the orchestrator does. */
@Timeout(40)
class WorkerVerticleTest {
  private final TestSandbox sandbox = TestSandbox.start("");
  private final Vertx vertx = Vertx.vertx();
  private final RunId run = new RunId("worker-test");

  WorkerVerticleTest() {
    Codecs.registerAll(vertx.eventBus());
  }

  @AfterEach
  void close() {
    vertx.close().await();
    sandbox.close();
  }

  @Test
  void pullsNoMoreJobsThanItsCapacityAndReportsEveryPhaseOfEach() {
    Plan plan = PlanLoader.parse("plan.yaml", """
        name: worker-test
        sessions: {count: 3, template: firefox-browser, resources: {memory: 512Mi, cpu: 250m}, persistentHome: false}
        hold: 100ms
        checks: [isolation, vnc]
        """);
    Deque<SessionJob> jobs = new ArrayDeque<>(List.of(new SessionJob(run, "s0001", 1, "admin", null),
        new SessionJob(run, "s0002", 1, "admin", null), new SessionJob(run, "s0003", 1, "admin", null)));
    AtomicInteger outstanding = new AtomicInteger();
    AtomicInteger maxOutstanding = new AtomicInteger();
    Map<String, SessionOutcome> outcomes = new ConcurrentHashMap<>();
    List<PhaseEvent> events = new CopyOnWriteArrayList<>();
    var bus = vertx.eventBus();
    // the work is not split by user: the worker observes every session
    bus.<ShareRequest>consumer(Addresses.shares(run),
        m -> m.reply(new UserShare(run, m.body().worker(), 1, true, List.of())));
    bus.<String>consumer(Addresses.jobs(run), m -> {
      SessionJob job = jobs.poll();
      if (job == null) {
        m.fail(Addresses.NO_MORE_JOBS, "none");
        return;
      }
      maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
      m.reply(job);
    });
    bus.<SessionOutcome>consumer(Addresses.outcomes(run), m -> {
      outstanding.decrementAndGet();
      outcomes.put(m.body().session(), m.body());
    });
    bus.<PhaseEvent>consumer(Addresses.phaseEvents(run), m -> events.add(m.body()));
    List<IntervalHistogram> intervals = new CopyOnWriteArrayList<>();
    bus.<IntervalHistogram>consumer(Addresses.intervals(run), m -> intervals.add(m.body()));
    SandboxEndpoints ep = sandbox.endpoints();

    vertx.deployVerticle(new WorkerVerticle(new WorkerVerticle.Settings(run, "w1", plan,
        PlatformTarget.of(ep.api(), ep.username(), ep.password()), KubeTarget.master(ep.kubernetes(), ep.namespace()),
        2))).await();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.size() == 3);

    assertThat(maxOutstanding.get()).isEqualTo(2);
    assertThat(outcomes.values()).allSatisfy(o -> {
      assertThat(o.outcome()).isEqualTo(SessionOutcome.Outcome.COMPLETED);
      assertThat(o.isolation().vncDesktop()).isEqualTo(o.platformSession());
      assertThat(o.isolation().ownObjects()).isTrue();
      assertThat(o.isolation().limitsMatch()).isTrue();
      // one pod, kept from start to end: its uid, for the agent watch's survival check
      assertThat(o.podUids()).hasSize(1);
    });
    assertThat(outcomes.values().stream().map(o -> o.podUids().get(0)).distinct()).hasSize(3);
    assertThat(events).hasSize(3 * Phase.values().length);
    assertThat(events).filteredOn(e -> e.phase() == Phase.POD_READY)
        .allSatisfy(e -> assertThat(e.elapsedMicros()).isPositive());
    // every value reaches the histogram its event names (the last interval at the latest once no job is left)
    Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> intervals.stream().mapToLong(WorkerVerticleTest::count).sum() == events.size());
    assertThat(events).allSatisfy(e -> assertThat(intervals).filteredOn(h -> h.sequence() == e.interval()
        && h.phase() == e.phase()).singleElement().matches(h -> h.node().equals("w1")));
  }

  /** A worker joins when the offer comes, maybe before the orchestrator's consumers are visible on its node. */
  @Test
  void aShareRequestThatFindsNoOrchestratorYetIsSentAgain() {
    Plan plan = PlanLoader.parse("plan.yaml", """
        name: worker-test
        sessions: {count: 1, template: firefox-browser, persistentHome: false}
        """);
    var ep = sandbox.endpoints();
    var bus = vertx.eventBus();
    AtomicInteger jobRequests = new AtomicInteger();
    bus.<String>consumer(Addresses.jobs(run), m -> {
      jobRequests.incrementAndGet();
      m.fail(Addresses.NO_MORE_JOBS, "none");
    });
    // no handler for shares for the first 600 ms: the worker's first requests fail with NO_HANDLERS
    vertx.setTimer(600, id -> bus.<ShareRequest>consumer(Addresses.shares(run),
        m -> m.reply(new UserShare(run, m.body().worker(), 1, true, List.of()))));
    WorkerVerticle worker = new WorkerVerticle(new WorkerVerticle.Settings(run, "w1", plan,
        PlatformTarget.of(ep.api(), ep.username(), ep.password()), KubeTarget.master(ep.kubernetes(), ep.namespace()),
        2));
    vertx.deployVerticle(worker).await();

    worker.done().await();
    assertThat(jobRequests.get()).as("it started and asked for a job per slot").isEqualTo(2);
  }

  private static long count(IntervalHistogram h) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(h.compressed()), 0).getTotalCount();
    } catch (java.util.zip.DataFormatException e) {
      throw new AssertionError(h + " does not decode", e);
    }
  }
}
