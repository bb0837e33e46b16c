package io.loadstone.orchestrator.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loadstone.common.Addresses;
import io.loadstone.common.message.Diagnosis;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.SessionOutcome;
import io.loadstone.common.message.codec.Codecs;
import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.criteria.AgentLatency;
import io.loadstone.common.plan.criteria.Counter;
import io.loadstone.common.plan.criteria.Gauge;
import io.loadstone.sandbox.Sandbox;
import io.loadstone.sandbox.config.SandboxConfig;
import io.loadstone.sandbox.config.SandboxConfigLoader;
import io.loadstone.sandbox.fault.FaultKind;
import io.loadstone.sandbox.fault.FaultSpec;
import io.loadstone.worker.platform.CreateSessionRequest;
import io.loadstone.worker.platform.CreatedSession;
import io.loadstone.worker.platform.PlatformClient;
import io.loadstone.worker.platform.PlatformException;
import io.loadstone.worker.platform.PlatformTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The watch against a whole sandbox (fast timings, three agents): its timelines against the sandbox's ground truth,
 * the recovery figures of a declared disruption, refused creates and the sessions per agent.
 */
class AgentWatchSandboxTest {
  private static final long POLL_MILLIS = 50;
  /** staleAfter 600 ms, hub check 100 ms, heartbeat 200 ms (the fast preset); reconnect after 800 ms */
  private static final String OVERRIDES = "agents: 3\ntimings: {reconnectBackoff: [800ms]}\n";

  private final Vertx vertx = Vertx.vertx();
  private Sandbox sandbox;
  private PlatformClient client;
  private AgentWatch watch;

  private void startSandbox() throws Exception {
    String fast;
    try (InputStream in = Sandbox.class.getResourceAsStream("/io/loadstone/sandbox/sandbox-fast.yaml")) {
      fast = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    SandboxConfig config = SandboxConfigLoader.parse("overrides", OVERRIDES,
        SandboxConfigLoader.parse("sandbox-fast.yaml", fast, SandboxConfig.defaults()));
    sandbox = result(Sandbox.start(vertx, config));
    Codecs.registerAll(vertx.eventBus());
    var ep = sandbox.endpoints();
    client = PlatformClient.create(vertx, PlatformTarget.of(ep.api(), ep.username(), ep.password()));
  }

  @AfterEach
  void stop() throws Exception {
    if (watch != null) {
      result(watch.stop());
    }
    if (client != null) {
      result(client.close());
    }
    if (sandbox != null) {
      result(sandbox.close());
    }
    result(vertx.close());
  }

  private static <T> T result(Future<T> f) throws Exception {
    return f.await(20, TimeUnit.SECONDS);
  }

  @Test
  void aStallOfEveryAgentMatchesTheTruthAndRefusedCreatesAreCounted() throws Exception {
    startSandbox();
    RunId run = RunId.generate();
    watch = result(AgentWatch.start(vertx, client, run, Duration.ofMillis(POLL_MILLIS)));
    List<AgentTransition> changes = new CopyOnWriteArrayList<>();
    watch.onChange(changes::add);
    assertThat(watch.agentIds()).containsExactlyInAnyOrder("k8s-agent-1", "k8s-agent-2", "k8s-agent-3");
    await().atMost(Duration.ofSeconds(2)).until(() -> watch.snapshot().agents().stream()
        .allMatch(a -> a.heartbeatAdvances() >= 2));

    long stallNanos = System.nanoTime();
    watch.disruption(null, stallNanos, "heartbeat-stall step 1");
    sandbox.faults().add(new FaultSpec(FaultKind.HEARTBEAT_STALL, null, null, null, List.of(), null,
        Duration.ofMillis(700), null, null, null));

    // while every agent is down, a create is refused
    await().atMost(Duration.ofSeconds(3)).until(() -> watch.agentIds().stream()
        .allMatch(a -> watch.status(a).orElse("").equals("offline")));
    Throwable refused = client.createSession(new CreateSessionRequest("admin", "firefox-browser",
        new CreateSessionRequest.Resources("512Mi", "250m"), false, List.of("loadstone-run=" + run)))
        .map(c -> (Throwable) null).recover(Future::succeededFuture).await(10, TimeUnit.SECONDS);
    assertThat(refused).isInstanceOf(PlatformException.class);
    assertThat(((PlatformException) refused).status()).isEqualTo(503);
    PlatformException p = (PlatformException) refused;
    vertx.eventBus().publish(Addresses.outcomes(run), new SessionOutcome(run, "s0001", 1, "w1", null, null,
        SessionOutcome.Outcome.FAILED, Phase.CREATED, new Diagnosis("api-error", List.of(
            "POST /api/v1/sessions answered 503 at 2.0 ms: " + p.error() + " (" + p.platformMessage() + ")")), null));

    await().atMost(Duration.ofSeconds(5)).until(() -> changes.stream().filter(c -> "online".equals(c.to())
        && "offline".equals(c.from())).count() == 3);
    AgentReport seen = watch.snapshot();
    JsonObject truth = sandbox.truth().toJson().getJsonObject("agents");
    for (AgentHistory a : seen.agents()) {
      assertThat(a.events()).extracting(AgentEvent::kind).as(a.agentId()).containsExactly(
          AgentEvent.Kind.FIRST_SEEN, AgentEvent.Kind.OFFLINE, AgentEvent.Kind.ONLINE_AGAIN);
      assertThat(a.outages()).hasSize(1);
      Outage o = a.outages().get(0);
      assertThat(o.startNanos()).isEqualTo(stallNanos);
      assertThat(o.startCause()).isEqualTo("heartbeat-stall step 1");
      assertThat(o.kind()).as(a.agentId() + " " + o).isEqualTo(Outage.Kind.HEARTBEAT_TIMEOUT);
      assertThat(a.heartbeatIntervalMillis()).isBetween(150.0, 260.0);
      // against the truth: listed offline after the hub dropped it, within a poll (plus a request) of it
      long truthOffline = truthNanos(truth, a.agentId(), "offline", null);
      long truthOnline = truthNanos(truth, a.agentId(), "online", "re-registered");
      assertThat(o.offlineNanos()).isGreaterThanOrEqualTo(truthOffline);
      assertThat((o.offlineNanos() - truthOffline) / 1e6).isLessThan(POLL_MILLIS + 150);
      assertThat(o.onlineNanos()).isGreaterThanOrEqualTo(truthOnline);
      assertThat((o.onlineNanos() - truthOnline) / 1e6).isLessThan(POLL_MILLIS + 150);
      // detected within staleAfter + hub check + a heartbeat + a poll of the stall (plus a request)
      assertThat(o.detectMillis()).isBetween(600.0 - 200, 600.0 + 100 + 200 + POLL_MILLIS + 150);
      assertThat(o.reconnectMillis()).isGreaterThan(o.detectMillis() + 700);
    }
    assertThat(seen.gaps()).isEmpty();

    AgentFindings findings = AgentFindings.of(seen, Map.of("s0001", new SessionOutcome(run, "s0001", 1, "w1", null,
        null, SessionOutcome.Outcome.FAILED, Phase.CREATED, new Diagnosis("api-error", List.of(
            "POST /api/v1/sessions answered 503 at 2.0 ms: " + p.error())), null)), List.of());
    assertThat(findings.counter(Counter.CREATES_REFUSED)).isEqualTo(1);
    // the agents were not heartbeating while offline: not stuck, a plain refusal
    assertThat(findings.rediagnosis("s0001")).isEmpty();
    assertThat(findings.counter(Counter.AGENT_OUTAGES)).isEqualTo(3);
    assertThat(findings.counter(Counter.AGENT_RECONNECTS)).isEqualTo(3);
    assertThat(findings.millis(AgentLatency.OFFLINE_DETECTED)).hasSize(3);
    assertThat(findings.issues()).extracting(i -> i.code()).containsExactly("agent-heartbeat-timeout",
        "agent-heartbeat-timeout", "agent-heartbeat-timeout");
    assertThat(seen.sessions().get("s0001").outcomeNanos()).isPositive();
  }

  @Test
  void sessionsPerAgentCountEveryListedAgentAndTheirVariance() throws Exception {
    startSandbox();
    RunId run = RunId.generate();
    watch = result(AgentWatch.start(vertx, client, run, Duration.ofMillis(POLL_MILLIS)));
    Map<String, SessionOutcome> outcomes = new HashMap<>();
    List<String> placed = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      CreatedSession created = result(client.createSession(new CreateSessionRequest("admin", "firefox-browser",
          new CreateSessionRequest.Resources("512Mi", "250m"), false, List.of("loadstone-run=" + run))));
      placed.add(created.agentId());
      String slot = String.format("s%04d", i);
      outcomes.put(slot, new SessionOutcome(run, slot, 1, "w1", created.name(), created.agentId(),
          SessionOutcome.Outcome.COMPLETED, null, null, null, List.of("uid-" + i)));
    }
    AgentFindings findings = AgentFindings.of(watch.snapshot(), outcomes, List.of());
    Map<String, Long> expected = new HashMap<>(Map.of("k8s-agent-1", 0L, "k8s-agent-2", 0L, "k8s-agent-3", 0L));
    placed.forEach(a -> expected.merge(a, 1L, Long::sum));
    assertThat(findings.sessionsPerAgent()).containsExactlyInAnyOrderEntriesOf(expected);
    double mean = 5 / 3.0;
    double variance = expected.values().stream().mapToDouble(n -> (n - mean) * (n - mean)).sum() / 3;
    assertThat(findings.gauge(Gauge.AGENTS_VARIANCE).getAsDouble()).isCloseTo(variance, org.assertj.core.data.Offset.offset(1e-12));
    // the platform places each create on the agent with the fewest sessions: 2, 2, 1
    assertThat(expected.values()).containsExactlyInAnyOrder(2L, 2L, 1L);
    assertThat(findings.gauge(Gauge.AGENTS_SPREAD).getAsDouble()).isEqualTo(1.0);
    assertThat(findings.issues()).isEmpty();
  }

  @Test
  void aRefusalWhileTheAgentIsKeptOfflineYetHeartbeatingIsStuckOffline() throws Exception {
    startSandbox();
    RunId run = RunId.generate();
    watch = result(AgentWatch.start(vertx, client, run, Duration.ofMillis(POLL_MILLIS)));
    await().atMost(Duration.ofSeconds(2)).until(() -> watch.snapshot().agents().stream()
        .allMatch(a -> a.heartbeatAdvances() >= 2));
    sandbox.faults().add(new FaultSpec(FaultKind.AGENT_STATUS_STUCK_OFFLINE, null, null, null, List.of(), null, null,
        null, null, null));
    long dropped = System.nanoTime();
    watch.disruption(null, dropped, "agent-disconnect step 1");
    sandbox.faults().add(new FaultSpec(FaultKind.AGENT_DISCONNECT, null, null, null, List.of(), null,
        Duration.ofMillis(300), null, null, null));
    // each agent is back and heartbeating, yet listed offline
    await().atMost(Duration.ofSeconds(5)).until(() -> watch.snapshot().agents().stream()
        .allMatch(a -> !a.outages().isEmpty() && a.outages().get(0).heartbeatsWhileOffline() > 0));
    Throwable refused = client.createSession(new CreateSessionRequest("admin", "firefox-browser",
        new CreateSessionRequest.Resources("512Mi", "250m"), false, List.of("loadstone-run=" + run)))
        .map(c -> (Throwable) null).recover(Future::succeededFuture).await(10, TimeUnit.SECONDS);
    PlatformException p = (PlatformException) refused;
    assertThat(p.status()).isEqualTo(503);
    SessionOutcome outcome = new SessionOutcome(run, "s0001", 1, "w1", null, null, SessionOutcome.Outcome.FAILED,
        Phase.CREATED, new Diagnosis("api-error", List.of("POST /api/v1/sessions answered 503 at 1.0 ms: "
            + p.error() + " (" + p.platformMessage() + ")", "body: " + p.bodyExcerpt())), null);
    vertx.eventBus().publish(Addresses.outcomes(run), outcome);
    await().atMost(Duration.ofSeconds(5)).until(() -> watch.snapshot().sessions().containsKey("s0001"));

    AgentReport seen = watch.snapshot();
    for (AgentHistory a : seen.agents()) {
      Outage o = a.outages().get(0);
      assertThat(o.kind()).as(a.agentId()).isEqualTo(Outage.Kind.DISCONNECT);
      assertThat(o.startNanos()).isEqualTo(dropped);
      assertThat(o.open()).isTrue();
      assertThat(a.events()).extracting(AgentEvent::kind).containsExactly(AgentEvent.Kind.FIRST_SEEN,
          AgentEvent.Kind.OFFLINE, AgentEvent.Kind.RECONNECTED);
    }
    AgentFindings findings = AgentFindings.of(seen, Map.of("s0001", outcome), List.of());
    Diagnosis stuck = findings.rediagnosis("s0001").orElseThrow();
    assertThat(stuck.code()).isEqualTo("agent-stuck-offline");
    assertThat(stuck.evidence()).anyMatch(l -> l.contains("still offline at the end"))
        .anyMatch(l -> l.contains("connected and heartbeating"));
    assertThat(findings.counter(Counter.AGENT_RECONNECTS)).isZero();
    assertThat(findings.issues()).isEmpty();
  }

  private static long truthNanos(JsonObject truth, String agent, String event, String detail) {
    return truth.getJsonArray(agent).stream().map(JsonObject.class::cast)
        .filter(e -> event.equals(e.getString("event")) && (detail == null || detail.equals(e.getString("detail"))))
        .mapToLong(e -> e.getLong("nanos")).findFirst().orElseThrow(() -> new AssertionError(
            "no truth event " + event + " for " + agent + ": " + truth.getJsonArray(agent).encode()));
  }
}
