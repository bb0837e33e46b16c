package io.loadstone.orchestrator.report;

import io.loadstone.common.message.Diagnosis;
import io.loadstone.common.message.Isolation;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.SessionOutcome.Outcome;
import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.PlanLoader;
import io.loadstone.common.plan.criteria.Counter;
import io.loadstone.common.plan.criteria.CriterionResult;
import io.loadstone.common.plan.criteria.MetricValues;
import io.loadstone.common.plan.criteria.Statistic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.HdrHistogram.Histogram;

/**
 * The seed report's situation, measured: five concurrent sessions, one whose start command was lost, four that
 * completed; the criteria of {@code plans/test-1.3-lost-start.yaml} evaluated by the real evaluator.
 */
final class SeedRun {
  static final Path LOST_START_PLAN = Path.of("..", "plans", "test-1.3-lost-start.yaml");
  static final RunId RUN = new RunId("20251122-052300-a3f9");
  static final Instant STARTED = Instant.parse("2025-11-22T05:23:00Z");
  static final Instant FINISHED = Instant.parse("2025-11-22T05:24:12.500Z");
  static final String API = "http://127.0.0.1:41234";
  static final String AGENT = "streamspace-k8s-agent-568698f47-2q8br";
  static final String LOST = "admin-firefox-browser-1a791b8d";
  static final List<String> LOST_EVIDENCE = List.of(
      "POST /api/v1/sessions answered 202 after 41.187 ms (id " + LOST + ")",
      "no Deployment or Service labelled session=" + LOST + " by the provisioned deadline (30s)",
      "agent " + AGENT + " online throughout: last heartbeat 1.2s before the deadline",
      "API state pending in all 120 polls (every 250ms)");

  private SeedRun() {
  }

  static Plan plan() {
    return PlanLoader.load(LOST_START_PLAN);
  }

  /** The five sessions: s0001 lost, s0002..s0005 completed and isolated. */
  static List<SessionResult> sessions() {
    List<SessionResult> sessions = new ArrayList<>();
    sessions.add(new SessionResult("s0001", LOST, 1, "node-1", AGENT, Outcome.FAILED, Phase.PROVISIONED,
        new Diagnosis("start-command-lost", LOST_EVIDENCE),
        phases(41.187, null, null, null, null, 30_052.731, 18.402), null, STARTED.plusMillis(11)));
    String[] ids = {"admin-firefox-browser-a77bb39b", "admin-firefox-browser-1aed52bf",
        "admin-firefox-browser-b359e1a1", "admin-firefox-browser-efb6290e"};
    double[][] times = {
        {38.912, 412.5, 6_123.456, 6_377.25, 6_954.102, 17_010.5, 2_871.333},
        {44.03, 398.75, 7_840.125, 8_101.0, 8_640.4, 18_702.875, 3_102.25},
        {39.5, 455.125, 9_010.0, 9_250.625, 9_822.75, 19_850.5, 2_990.125},
        {52.75, 501.0, 15_480.5, 15_732.0, 16_301.25, 26_350.0, 4_410.875}};
    for (int i = 0; i < ids.length; i++) {
      double[] t = times[i];
      sessions.add(new SessionResult("s000" + (i + 2), ids[i], 1, "node-1", AGENT, Outcome.COMPLETED, null, null,
          phases(t[0], t[1], t[2], t[3], t[4], t[5], t[6]), new Isolation(true, true, ids[i]),
          STARTED.plusMillis(11 + i)));
    }
    return sessions;
  }

  /** The platform keeps every Session CR after a stop, by design (no PVCs: the plan has no persistent home). */
  static List<RemainingResource> retained() {
    return sessions().stream().map(s -> new RemainingResource(ResourceKind.SESSION_CR, s.platformSession(), s.id(),
        "kept by design: the platform keeps Session CRs after a stop")).toList();
  }

  /** The seed run as the orchestrator would report it: exit 1, running.rate failed. */
  static RunReport failedRun() {
    return builder(sessions()).build();
  }

  /** Every session completed: the same plan passes. */
  static RunReport passedRun() {
    List<SessionResult> sessions = new ArrayList<>(sessions());
    SessionResult s = sessions.get(1);
    sessions.set(0, new SessionResult("s0001", LOST, 1, "node-1", AGENT, Outcome.COMPLETED, null, null,
        s.phasesMillis(), new Isolation(true, true, LOST), s.startedAt()));
    return builder(sessions).build();
  }

  /** The platform could not be reached: nothing ran. */
  static RunReport erroredRun() {
    return RunReport.builder(RUN, "test-1.3-lost-start")
        .planFile(LOST_START_PLAN.toString())
        .startedAt(STARTED).finishedAt(STARTED.plusMillis(2_013))
        .target(new RunTarget(RunTarget.Kind.PLATFORM, "https://streamspace.example.com", "streamspace", List.of()))
        .configuration(RunConfiguration.of(plan(), null))
        .error("platform unreachable: https://streamspace.example.com (connection refused)", 3)
        .build();
  }

  static RunReport.Builder builder(List<SessionResult> sessions) {
    return builder(sessions, List.of());
  }

  static RunReport.Builder builder(List<SessionResult> sessions, List<RemainingResource> leaked) {
    Plan plan = plan();
    Map<Phase, PhaseStats> phases = phaseStats(sessions);
    List<RemainingResource> retained = retained();
    Counts counts = Counts.derive(plan.sessions().count(), sessions, retained, leaked);
    return RunReport.builder(RUN, plan.name())
        .planFile(LOST_START_PLAN.toString())
        .description(plan.description())
        .startedAt(STARTED).finishedAt(FINISHED)
        .target(new RunTarget(RunTarget.Kind.SANDBOX, API, "streamspace", List.of(AGENT)))
        .configuration(RunConfiguration.of(plan, Duration.ofMillis(250)))
        .sessions(sessions)
        .phases(phases)
        .criteria(evaluate(plan, sessions, phases, counts))
        .retained(retained)
        .leaked(leaked);
  }

  static Map<Phase, PhaseStats> phaseStats(List<SessionResult> sessions) {
    Map<Phase, PhaseStats> stats = new EnumMap<>(Phase.class);
    for (Phase p : Phase.values()) {
      Histogram h = new Histogram(3_600_000_000L, 3);
      sessions.forEach(s -> {
        Double ms = s.phasesMillis().get(p);
        if (ms != null) {
          h.recordValue(Math.round(ms * 1000));
        }
      });
      stats.put(p, PhaseStats.of(h));
    }
    return stats;
  }

  private static List<CriterionResult> evaluate(Plan plan, List<SessionResult> sessions, Map<Phase, PhaseStats> phases,
                                                Counts counts) {
    MetricValues values = new MetricValues() {
      @Override
      public long planned() {
        return counts.planned();
      }

      @Override
      public long reached(Phase phase) {
        return sessions.stream().filter(s -> s.reached(phase)).count();
      }

      @Override
      public OptionalDouble latencyMillis(Phase phase, Statistic statistic) {
        PhaseStats s = phases.get(phase);
        if (s.isEmpty()) {
          return OptionalDouble.empty();
        }
        return switch (statistic) {
          case P50 -> OptionalDouble.of(s.p50());
          case P90 -> OptionalDouble.of(s.p90());
          case P95 -> OptionalDouble.of(s.p95());
          case P99 -> OptionalDouble.of(s.p99());
          case MAX -> OptionalDouble.of(s.max());
          default -> OptionalDouble.empty();
        };
      }

      @Override
      public long counter(Counter counter) {
        return switch (counter) {
          case LEAKED -> counts.leaked();
          case FAILED -> counts.failed();
          case RETAINED -> counts.retainedTotal();
          case RETAINED_PVC -> counts.retained().get(ResourceKind.PVC);
          case RETAINED_SESSION_CR -> counts.retained().get(ResourceKind.SESSION_CR);
          default -> 0; // the seed run had no agent watch
        };
      }
    };
    return plan.criteria().stream().map(c -> c.evaluate(values)).toList();
  }

  /** Phase times in plan order; null for a phase the session did not reach. */
  static Map<Phase, Double> phases(Double... millis) {
    Map<Phase, Double> m = new LinkedHashMap<>();
    Phase[] all = Phase.values();
    for (int i = 0; i < millis.length; i++) {
      if (millis[i] != null) {
        m.put(all[i], millis[i]);
      }
    }
    return m;
  }
}
