package io.loadstone.worker.lifecycle;

import static io.loadstone.worker.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.common.Addresses;
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
import io.loadstone.worker.TestSupport;
import io.loadstone.worker.WorkerVerticle;
import io.loadstone.worker.kube.KubeTarget;
import io.loadstone.worker.platform.CreateSessionRequest;
import io.loadstone.worker.platform.PlatformClient;
import io.loadstone.worker.platform.PlatformTarget;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A later attempt adopting a platform session it did not create (its worker was lost), against a whole sandbox: what
 * it finds already reached is reported untimed, what it does itself is timed, and the outcome follows the state.
 */
@Timeout(60)
class AdoptionTest {
  private static final Plan PLAN = PlanLoader.parse("plan.yaml", """
      name: adoption
      sessions: {count: 1, template: firefox-browser, resources: {memory: 512Mi, cpu: 250m}, persistentHome: false}
      hold: 100ms
      checks: [isolation, vnc]
      """);
  private final TestSandbox sandbox = TestSupport.startSandbox("", "");
  private final Vertx vertx = Vertx.vertx();
  private final RunId run = new RunId("adoption-test");
  private final List<PhaseEvent> events = new CopyOnWriteArrayList<>();
  private final List<SessionOutcome> outcomes = new CopyOnWriteArrayList<>();
  private final PlatformClient platform;

  AdoptionTest() {
    Codecs.registerAll(vertx.eventBus());
    platform = TestSupport.adminClient(vertx, sandbox);
    vertx.eventBus().<PhaseEvent>consumer(Addresses.phaseEvents(run), m -> events.add(m.body()));
    vertx.eventBus().<SessionOutcome>consumer(Addresses.outcomes(run), m -> outcomes.add(m.body()));
  }

  @AfterEach
  void close() {
    vertx.close().await();
    sandbox.close();
  }

  @Test
  void aRunningSessionIsCheckedHeldAndDeletedAndOnlyWhatTheAdopterDidIsTimed() {
    String id = runningSession();

    SessionOutcome outcome = adopt(id);

    assertThat(outcome.outcome()).as(String.valueOf(outcome.diagnosis())).isEqualTo(SessionOutcome.Outcome.COMPLETED);
    assertThat(outcome.attempt()).isEqualTo(2);
    assertThat(outcome.isolation().vncDesktop()).isEqualTo(id);
    Map<Phase, Long> elapsed = events.stream().collect(Collectors.toMap(PhaseEvent::phase, PhaseEvent::elapsedMicros));
    for (Phase untimed : List.of(Phase.CREATED, Phase.PROVISIONED, Phase.POD_READY, Phase.RUNNING, Phase.TUNNEL_UP,
        Phase.TERMINATED)) {
      assertThat(elapsed.get(untimed)).as(untimed.id()).isEqualTo(PhaseEvent.UNMEASURED);
    }
    assertThat(elapsed.get(Phase.CLEANED_UP)).as("its own delete is timed").isPositive();
    assertThat(events).allSatisfy(e -> assertThat(e.platformSession()).isEqualTo(id));
    assertThat(sandbox.state(id)).as("the adopter deleted it").isEqualTo("terminating");
  }

  @Test
  void aSessionTheLostAttemptHadDeletedIsOnlyWatchedUntilItIsGone() {
    String id = runningSession();
    result(platform.deleteSession(id));

    SessionOutcome outcome = adopt(id);

    assertThat(outcome.outcome()).as(String.valueOf(outcome.diagnosis())).isEqualTo(SessionOutcome.Outcome.COMPLETED);
    assertThat(events).extracting(PhaseEvent::phase).contains(Phase.CLEANED_UP).doesNotContain(Phase.TUNNEL_UP);
    assertThat(events).allSatisfy(e -> assertThat(e.measured()).as(e.toString()).isFalse());
  }

  @Test
  void aSessionThePlatformNoLongerKnowsFailsWithItsOwnCode() {
    SessionOutcome outcome = adopt("admin-firefox-browser-00000000");

    assertThat(outcome.outcome()).isEqualTo(SessionOutcome.Outcome.FAILED);
    assertThat(outcome.diagnosis().code()).isEqualTo("adopted-session-missing");
  }

  private String runningSession() {
    String id = result(platform.createSession(new CreateSessionRequest("admin", "firefox-browser",
        new CreateSessionRequest.Resources("512Mi", "250m"), false, List.of("loadstone-run=" + run)))).name();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "running".equals(sandbox.state(id)));
    return id;
  }

  /** Hands the worker one job, attempt 2, naming {@code id}, as the orchestrator does after a takeover. */
  private SessionOutcome adopt(String id) {
    AtomicReference<SessionJob> job = new AtomicReference<>(new SessionJob(run, "s0001", 2, "admin", id));
    // the work is not split by user: the worker observes every session
    vertx.eventBus().<ShareRequest>consumer(Addresses.shares(run),
        m -> m.reply(new UserShare(run, m.body().worker(), 1, true, List.of())));
    vertx.eventBus().<String>consumer(Addresses.jobs(run), m -> {
      SessionJob next = job.getAndSet(null);
      if (next == null) {
        m.fail(Addresses.NO_MORE_JOBS, "none");
      } else {
        m.reply(next);
      }
    });
    SandboxEndpoints ep = sandbox.endpoints();
    vertx.deployVerticle(new WorkerVerticle(new WorkerVerticle.Settings(run, "w2", PLAN,
        PlatformTarget.of(ep.api(), ep.username(), ep.password()), KubeTarget.master(ep.kubernetes(), ep.namespace()),
        1))).await();
    Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> !outcomes.isEmpty());
    return outcomes.get(0);
  }
}
