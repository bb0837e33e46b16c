package io.loadstone.orchestrator.report;

import io.loadstone.common.message.RunId;
import io.loadstone.common.message.SessionOutcome.Outcome;
import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.criteria.CriterionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import io.loadstone.orchestrator.steps.StepResult;

/**
 * Everything a finished (or aborted) run reports, immutable, and consistent by construction: the verdict is
 * {@link Verdict#fromCriteria the criteria's} unless the run errored, the exit code matches the verdict, an errored
 * run says why in one line, {@code phases} has an entry for every {@link Phase} ({@link PhaseStats#EMPTY} for those
 * nobody reached). It holds no secrets: free text (error line, evidence, notes, reasons) is passed through
 * {@link Redaction}. Build it with {@link #builder(RunId, String)}.
 *
 * @param run           the run id
 * @param planFile      the plan's path as given on the command line, or null
 * @param planName      the plan's {@code name}
 * @param description   the plan's description, "" if none
 * @param verdict       passed, failed or error
 * @param exitCode      the process exit code: 0 passed, 1 failed, 2 or 3 error
 * @param startedAt     wall-clock start, for display
 * @param finishedAt    wall-clock end, for display
 * @param error         for an errored run, one line saying what went wrong (e.g. {@code platform unreachable:
 *                      https://...}); null otherwise
 * @param target        what the run was pointed at
 * @param configuration the plan's settings as used
 * @param sessions      one result per planned session that was started, in slot order
 * @param phases        latency statistics per phase, every phase present, in phase order
 * @param criteria      the criteria evaluated, in plan order (empty if the run errored before evaluating them)
 * @param counts        whole-run counts
 * @param retained      objects kept by design after delete (PVCs, Session CRs)
 * @param leaked        objects that should be gone and are not
 * @param notes         remarks for people (e.g. a worker restarted), possibly empty
 * @param workers       each worker's share of the sessions, lost workers with when
 * @param recovered     sessions re-offered as a new attempt after their worker was lost or drained
 * @param steps         how each of the plan's steps ended, in plan order (each is also a criterion)
 * @param agents        what the run saw of the platform's agents, or null when they were not watched
 */
public record RunReport(RunId run, String planFile, String planName, String description, Verdict verdict,
                        int exitCode, Instant startedAt, Instant finishedAt, String error, RunTarget target,
                        RunConfiguration configuration, List<SessionResult> sessions, Map<Phase, PhaseStats> phases,
                        List<CriterionResult> criteria, Counts counts, List<RemainingResource> retained,
                        List<RemainingResource> leaked, List<String> notes, List<WorkerShare> workers,
                        int recovered, List<StepResult> steps, AgentsSection agents) {
  public RunReport {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(planName, "planName");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(configuration, "configuration");
    Objects.requireNonNull(counts, "counts");
    description = description == null ? "" : description.strip();
    if (finishedAt.isBefore(startedAt)) {
      throw new IllegalArgumentException("finishedAt " + finishedAt + " is before startedAt " + startedAt);
    }
    sessions = List.copyOf(sessions);
    criteria = List.copyOf(criteria);
    retained = List.copyOf(retained);
    leaked = List.copyOf(leaked);
    workers = List.copyOf(workers);
    steps = List.copyOf(steps);
    notes = notes.stream().map(Redaction::apply).toList();
    Set<String> ids = new HashSet<>();
    for (SessionResult s : sessions) {
      if (!ids.add(s.id())) {
        throw new IllegalArgumentException("session " + s.id() + " appears twice");
      }
    }
    EnumMap<Phase, PhaseStats> all = new EnumMap<>(Phase.class);
    for (Phase p : Phase.values()) {
      all.put(p, phases.getOrDefault(p, PhaseStats.EMPTY));
    }
    phases = Collections.unmodifiableMap(all);
    if (verdict == Verdict.ERROR) {
      if (error == null || error.isBlank()) {
        throw new IllegalArgumentException("an errored run says what went wrong");
      }
      error = Redaction.apply(error.strip().replaceAll("\\s*\\R\\s*", " "));
      if (exitCode != 2 && exitCode != 3) {
        throw new IllegalArgumentException("an errored run exits with 2 or 3, got " + exitCode);
      }
    } else {
      if (error != null) {
        throw new IllegalArgumentException("a " + verdict.id() + " run has no error line");
      }
      Verdict fromCriteria = Verdict.fromCriteria(criteria);
      if (verdict != fromCriteria) {
        // the one rule the seed report broke: a run with a failed criterion is never PASSED, and vice versa
        throw new IllegalArgumentException("verdict " + verdict.id() + " contradicts the criteria, which say "
            + fromCriteria.id());
      }
      if (exitCode != verdict.defaultExitCode()) {
        throw new IllegalArgumentException("a " + verdict.id() + " run exits with " + verdict.defaultExitCode()
            + ", got " + exitCode);
      }
    }
  }

  /** A builder: set what is known, then {@link Builder#build()} decides verdict and exit code. */
  public static Builder builder(RunId run, String planName) {
    return new Builder(run, planName);
  }

  /** Criteria that failed, in plan order. */
  public List<CriterionResult> failedCriteria() {
    return criteria.stream().filter(c -> !c.passed()).toList();
  }

  /** Sessions that failed, in slot order. */
  public List<SessionResult> failedSessions() {
    return sessions.stream().filter(s -> s.outcome() == Outcome.FAILED).toList();
  }

  /** How long the run took by the wall clock (display only). */
  public Duration wallDuration() {
    return Duration.between(startedAt, finishedAt);
  }

  /**
   * Fills a {@link RunReport}. Without {@link #error}, the verdict is the criteria's and the exit code 0 or 1;
   * without {@link #counts}, they are {@link Counts#derive derived} with the configuration's session count as planned.
   */
  public static final class Builder {
    private final RunId run;
    private final String planName;
    private String planFile;
    private String description = "";
    private Instant startedAt;
    private Instant finishedAt;
    private String error;
    private int errorExitCode;
    private RunTarget target;
    private RunConfiguration configuration;
    private List<SessionResult> sessions = List.of();
    private Map<Phase, PhaseStats> phases = Map.of();
    private List<CriterionResult> criteria = List.of();
    private Counts counts;
    private List<RemainingResource> retained = List.of();
    private List<RemainingResource> leaked = List.of();
    private final List<String> notes = new ArrayList<>();
    private List<WorkerShare> workers;
    private int recovered;
    private List<StepResult> steps = List.of();
    private AgentsSection agents;

    private Builder(RunId run, String planName) {
      this.run = run;
      this.planName = planName;
    }

    public Builder planFile(String planFile) {
      this.planFile = planFile;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder startedAt(Instant startedAt) {
      this.startedAt = startedAt;
      return this;
    }

    public Builder finishedAt(Instant finishedAt) {
      this.finishedAt = finishedAt;
      return this;
    }

    /** Marks the run errored: {@code line} says why, {@code exitCode} is 2 (usage) or 3 (infrastructure). */
    public Builder error(String line, int exitCode) {
      this.error = line;
      this.errorExitCode = exitCode;
      return this;
    }

    public Builder target(RunTarget target) {
      this.target = target;
      return this;
    }

    public Builder configuration(RunConfiguration configuration) {
      this.configuration = configuration;
      return this;
    }

    public Builder sessions(List<SessionResult> sessions) {
      this.sessions = sessions;
      return this;
    }

    public Builder phases(Map<Phase, PhaseStats> phases) {
      this.phases = phases;
      return this;
    }

    public Builder criteria(List<CriterionResult> criteria) {
      this.criteria = criteria;
      return this;
    }

    public Builder counts(Counts counts) {
      this.counts = counts;
      return this;
    }

    public Builder retained(List<RemainingResource> retained) {
      this.retained = retained;
      return this;
    }

    public Builder leaked(List<RemainingResource> leaked) {
      this.leaked = leaked;
      return this;
    }

    /** Each worker's share; without it, derived from the sessions' workers. */
    public Builder workers(List<WorkerShare> workers, int recovered) {
      this.workers = workers;
      this.recovered = recovered;
      return this;
    }

    /** How the plan's steps ended (give their criteria to {@link #criteria} too). */
    public Builder steps(List<StepResult> steps) {
      this.steps = steps;
      return this;
    }

    /** What the run saw of the platform's agents; without it, the report has no Agents part. */
    public Builder agents(AgentsSection agents) {
      this.agents = agents;
      return this;
    }

    public Builder note(String note) {
      this.notes.add(note);
      return this;
    }

    /** @throws IllegalArgumentException or NullPointerException naming what is missing or inconsistent */
    public RunReport build() {
      Objects.requireNonNull(configuration, "configuration");
      Verdict verdict = error != null ? Verdict.ERROR : Verdict.fromCriteria(criteria);
      int exitCode = error != null ? errorExitCode : verdict.defaultExitCode();
      Counts c = counts != null ? counts
          : Counts.derive(configuration.sessions().count(), sessions, retained, leaked);
      return new RunReport(run, planFile, planName, description, verdict, exitCode, startedAt, finishedAt, error,
          target, configuration, sessions, phases, criteria, c, retained, leaked, notes,
          workers != null ? workers : derivedWorkers(sessions), recovered, steps, agents);
    }

    private static List<WorkerShare> derivedWorkers(List<SessionResult> sessions) {
      java.util.Map<String, Long> byWorker = new java.util.TreeMap<>();
      sessions.forEach(s -> byWorker.merge(s.worker(), 1L, Long::sum));
      return byWorker.entrySet().stream().map(e -> new WorkerShare(e.getKey(), 0, e.getValue(), null, List.of())).toList();
    }
  }
}
