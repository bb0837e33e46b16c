package io.loadstone.orchestrator.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loadstone.common.Addresses;
import io.loadstone.common.message.Diagnosis;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.SessionOutcome;
import io.loadstone.common.message.codec.Codecs;
import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.criteria.Counter;
import io.loadstone.worker.platform.PlatformClient;
import io.loadstone.worker.platform.PlatformException;
import io.loadstone.worker.platform.PlatformTarget;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watch against a platform whose agent list the test scripts over real HTTP: gaps in observation, an agent
 * listed offline while heartbeating, a delete lost while the agent was down, repeated reconnects, late disruptions.
 */
class AgentWatchScriptedTest {
  private static final Duration POLL = Duration.ofMillis(20);
  private final Vertx vertx = Vertx.vertx();
  private final RunId run = RunId.generate();
  private ScriptedPlatform platform;
  private PlatformClient client;
  private AgentWatch watch;
  /** the scripted platform's clock: each heartbeat 200 ms after the last */
  private Instant clock = Instant.parse("2025-11-22T05:23:10Z");

  @BeforeEach
  void start() throws Exception {
    Codecs.registerAll(vertx.eventBus());
    platform = new ScriptedPlatform(vertx);
    client = PlatformClient.create(vertx, PlatformTarget.of(platform.url(), "admin", "scripted-password"));
  }

  @AfterEach
  void stop() throws Exception {
    if (watch != null) {
      watch.stop().await(10, TimeUnit.SECONDS);
    }
    client.close().await(10, TimeUnit.SECONDS);
    platform.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private void startWatch() throws Exception {
    watch = AgentWatch.start(vertx, client, run, POLL).await(10, TimeUnit.SECONDS);
  }

  /** The agent heartbeats once (platform clock +200 ms) with the given status; waits until the watch has seen it. */
  private void beat(String agent, String status) {
    clock = clock.plusMillis(200);
    platform.agent(agent, status, clock, clock);
    seen();
  }

  /** Listed offline now, its last heartbeat {@code ageMillis} old by the platform's updatedAt. */
  private void offline(String agent, long ageMillis) {
    Instant last = clock;
    clock = clock.plusMillis(ageMillis);
    platform.agent(agent, "offline", last, clock);
    seen();
  }

  /** Two more polls answered: the watch has seen the current rows (nothing to wait for before it starts). */
  private void seen() {
    if (watch == null) {
      return;
    }
    int now = platform.listed();
    await().atMost(Duration.ofSeconds(5)).until(() -> platform.listed() >= now + 2);
  }

  private void publish(Object message, String address) {
    vertx.eventBus().publish(address, message);
  }

  private PhaseEvent event(String session, Phase phase) {
    return new PhaseEvent(run, session, 1, phase, 1000, System.nanoTime(), System.currentTimeMillis(), "w1",
        "p-" + session, PhaseEvent.NO_INTERVAL);
  }

  @Test
  void aFirstListThatFailsFailsTheStart() {
    platform.failing(true);
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
        AgentWatch.start(vertx, client, run, POLL).await(10, TimeUnit.SECONDS)))
        .isInstanceOf(PlatformException.class).hasMessageContaining("listAgents failed: HTTP 500");
  }

  @Test
  void failedPollsAreAGapAndPollingGoesOn() throws Exception {
    beat("a1", "online");
    startWatch();
    beat("a1", "online");
    platform.failing(true);
    int before = platform.listed();
    await().atMost(Duration.ofSeconds(5)).until(() -> watch.snapshot().failedPolls() >= 3);
    assertThat(watch.snapshot().gaps()).singleElement().satisfies(g -> assertThat(g.toNanos()).isEqualTo(-1));
    platform.failing(false);
    await().atMost(Duration.ofSeconds(5)).until(() -> platform.listed() > before + 1);
    AgentReport seen = watch.snapshot();
    assertThat(seen.gaps()).singleElement().satisfies(g -> {
      assertThat(g.failedPolls()).isGreaterThanOrEqualTo(3);
      assertThat(g.toNanos()).isGreaterThan(g.fromNanos());
      assertThat(g.cause()).contains("HTTP 500");
    });
    var section = AgentFindings.of(seen, Map.of(), List.of()).section();
    assertThat(section.timeline()).anySatisfy(l -> {
      assertThat(l.agent()).isNull();
      assertThat(l.event()).startsWith("not observed from +").contains(" poll(s) failed");
    });
  }

  @Test
  void listedOfflineWhileHeartbeatingIsStuckAndExplainsTheRefusedCreate() throws Exception {
    beat("a1", "online");
    startWatch();
    beat("a1", "online");
    beat("a1", "online");
    offline("a1", 150); // a fresh heartbeat: the connection went, not the heartbeats
    beat("a1", "offline"); // it is back and heartbeating, yet listed offline
    beat("a1", "offline");
    publish(new SessionOutcome(run, "s0001", 1, "w1", null, null, SessionOutcome.Outcome.FAILED, Phase.CREATED,
        new Diagnosis("api-error", List.of("POST /api/v1/sessions answered 503 at 3.1 ms: No agents available "
            + "(No online agents match the requirements)")), null), Addresses.outcomes(run));
    await().atMost(Duration.ofSeconds(5)).until(() -> watch.snapshot().sessions().containsKey("s0001"));
    beat("a1", "offline");
    beat("a1", "online");

    AgentReport seen = watch.snapshot();
    AgentHistory a1 = seen.agent("a1").orElseThrow();
    assertThat(a1.events()).extracting(AgentEvent::kind).containsExactly(AgentEvent.Kind.FIRST_SEEN,
        AgentEvent.Kind.OFFLINE, AgentEvent.Kind.RECONNECTED, AgentEvent.Kind.ONLINE_AGAIN);
    Outage o = a1.outages().get(0);
    assertThat(o.kind()).isEqualTo(Outage.Kind.DISCONNECT);
    assertThat(o.heartbeatAgeMillis()).isEqualTo(150.0);
    assertThat(o.heartbeatsWhileOffline()).isEqualTo(3);
    assertThat(o.reconnectedNanos()).isBetween(o.offlineNanos(), o.onlineNanos());

    AgentFindings findings = AgentFindings.of(seen, Map.of("s0001", new SessionOutcome(run, "s0001", 1, "w1", null,
        null, SessionOutcome.Outcome.FAILED, Phase.CREATED, new Diagnosis("api-error", List.of(
            "POST /api/v1/sessions answered 503 at 3.1 ms: No agents available")), null)), List.of());
    Diagnosis stuck = findings.rediagnosis("s0001").orElseThrow();
    assertThat(stuck.code()).isEqualTo("agent-stuck-offline");
    assertThat(stuck.evidence()).anyMatch(l -> l.startsWith("agent a1 listed offline since +"))
        .anyMatch(l -> l.contains("lastHeartbeat advanced 2 time(s) while listed offline")
            || l.contains("lastHeartbeat advanced 3 time(s) while listed offline"))
        .anyMatch(l -> l.contains("answered 503") && l.contains("No agents available"));
    assertThat(findings.counter(Counter.CREATES_REFUSED)).isEqualTo(1);
    assertThat(findings.issues()).isEmpty();
  }

  @Test
  void aDeleteAcceptedWhileTheAgentWasDownIsACommandLostAndTheSessionDidNotSurvive() throws Exception {
    beat("a1", "online");
    startWatch();
    publish(event("s0001", Phase.RUNNING), Addresses.phaseEvents(run));
    beat("a1", "online");
    beat("a1", "online");
    offline("a1", 700); // heartbeats stopped well before: a stall
    publish(event("s0001", Phase.TERMINATED), Addresses.phaseEvents(run));
    await().atMost(Duration.ofSeconds(5)).until(() -> watch.snapshot().sessions().get("s0001").terminatedNanos() > 0);
    beat("a1", "online");
    publish(new SessionOutcome(run, "s0001", 1, "w1", "p-s0001", "a1", SessionOutcome.Outcome.FAILED,
        Phase.CLEANED_UP, new Diagnosis("cleanup-timeout", List.of("still present 4000.0 ms after the delete request:",
            "Deployment p-s0001")), null, List.of("uid-1")), Addresses.outcomes(run));
    await().atMost(Duration.ofSeconds(5)).until(() -> watch.snapshot().sessions().get("s0001").outcomeNanos() > 0);

    AgentReport seen = watch.snapshot();
    SessionOutcome outcome = new SessionOutcome(run, "s0001", 1, "w1", "p-s0001", "a1", SessionOutcome.Outcome.FAILED,
        Phase.CLEANED_UP, new Diagnosis("cleanup-timeout", List.of("still present 4000.0 ms after the delete request:",
            "Deployment p-s0001")), null, List.of("uid-1"));
    AgentFindings findings = AgentFindings.of(seen, Map.of("s0001", outcome), List.of());
    Diagnosis lost = findings.rediagnosis("s0001").orElseThrow();
    assertThat(lost.code()).isEqualTo("command-lost-while-agent-down");
    assertThat(lost.evidence().get(0)).startsWith("delete accepted (202) at +").contains("while agent a1 was listed offline");
    assertThat(lost.evidence()).contains("Deployment p-s0001");
    assertThat(findings.counter(Counter.COMMANDS_LOST)).isEqualTo(1);
    assertThat(findings.counter(Counter.SESSIONS_NOT_SURVIVED)).isEqualTo(1);
    assertThat(findings.counter(Counter.SESSIONS_SURVIVED)).isZero();
    assertThat(findings.issues()).singleElement().satisfies(i -> {
      assertThat(i.code()).isEqualTo("agent-heartbeat-timeout");
      assertThat(i.agent()).isEqualTo("a1");
      assertThat(i.evidence().get(0)).contains("with its lastHeartbeat 700 ms old by the platform's own updatedAt");
    });
  }

  @Test
  void twoCyclesAreACrashAndALateDisruptionStillCountsAsTheStart() throws Exception {
    beat("a1", "online");
    beat("a2", "online");
    startWatch();
    beat("a1", "online");
    beat("a1", "online");
    long provoked = System.nanoTime();
    offline("a1", 100);
    // the step told the watch after the poll that saw the outage
    watch.disruption("a1", provoked, "agent-disconnect step 1");
    beat("a1", "online");
    offline("a1", 100);
    beat("a1", "online");

    AgentReport seen = watch.snapshot();
    AgentHistory a1 = seen.agent("a1").orElseThrow();
    assertThat(a1.reconnects()).isEqualTo(2);
    assertThat(a1.outages().get(0).startNanos()).isEqualTo(provoked);
    assertThat(a1.outages().get(0).startCause()).isEqualTo("agent-disconnect step 1");
    assertThat(a1.outages().get(1).startCause()).isEqualTo("last seen online");
    AgentFindings findings = AgentFindings.of(seen, Map.of(), List.of());
    assertThat(findings.issues()).extracting(i -> i.code() + " " + i.agent()).containsExactly("agent-crash a1");
    assertThat(findings.counter(Counter.AGENT_RECONNECTS)).isEqualTo(2);
    assertThat(seen.agent("a2").orElseThrow().outages()).isEmpty();
    assertThat(watch.status("a1")).contains("online");
  }

  @Test
  void aStallBeforeTheAgentsOwnSecondHeartbeatIsJudgedByTheOtherAgentsCadence() throws Exception {
    // on the real platform heartbeats are 30 s apart: an agent can stall before the watch saw two of its own
    beat("a1", "online");
    beat("a2", "online");
    startWatch();
    beat("a2", "online");
    offline("a1", 1000);

    AgentHistory a1 = watch.snapshot().agent("a1").orElseThrow();
    assertThat(a1.outages()).extracting(o -> o.kind()).containsExactly(Outage.Kind.HEARTBEAT_TIMEOUT);
    assertThat(AgentFindings.of(watch.snapshot(), Map.of(), List.of()).issues())
        .extracting(i -> i.code() + " " + i.agent()).containsExactly("agent-heartbeat-timeout a1");
  }

  @Test
  void theStepFromARegistrationToTheNextHeartbeatIsNoCadence() throws Exception {
    beat("a1", "online");
    startWatch();
    beat("a1", "online");
    offline("a1", 1000);
    beat("a1", "online"); // re-registered: a fresh stamp
    clock = clock.plusMillis(7); // its regular heartbeat, moments later
    platform.agent("a1", "online", clock, clock);
    seen();
    beat("a1", "online");

    assertThat(watch.snapshot().agent("a1").orElseThrow().heartbeatIntervalMillis()).isEqualTo(200.0);
  }

  @Test
  void anAgentDroppedFromTheListIsAbsent() throws Exception {
    beat("a1", "online");
    startWatch();
    java.util.List<AgentTransition> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
    watch.onChange(changes::add);
    platform.agent("a2", "online", clock, clock);
    seen();
    assertThat(changes).extracting(AgentTransition::agentId, AgentTransition::from, AgentTransition::to)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a2", null, "online"));
    assertThat(watch.agentIds()).containsExactly("a1", "a2");
    platform.remove("a1");
    seen();
    assertThat(watch.status("a1")).contains(AgentTransition.ABSENT);
  }
}
