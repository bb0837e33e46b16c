package io.loadstone.orchestrator.run;

import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.SessionJob;
import io.loadstone.common.message.SessionOutcome;
import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.criteria.CriterionResult;
import io.loadstone.orchestrator.agents.AgentFindings;
import io.loadstone.orchestrator.agents.AgentReport;
import io.loadstone.orchestrator.metrics.RunMetrics;
import io.loadstone.orchestrator.steps.StepCriteria;
import io.loadstone.orchestrator.report.Counts;
import io.loadstone.orchestrator.report.RunConfiguration;
import io.loadstone.orchestrator.report.RunReport;
import io.loadstone.orchestrator.report.RunTarget;
import io.loadstone.orchestrator.report.SessionResult;
import io.loadstone.worker.platform.SessionStates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns what a run observed into its {@link RunReport}: sessions, phase statistics, counts, criteria and, when the
 * agents were watched, the Agents part (a session whose failure an agent explains gets that diagnosis instead).
 */
public final class RunReports {
  private RunReports() {
  }

  /**
   * The report of a run that was carried out (its verdict comes from the criteria); {@code agents} is the agent
   * watch's snapshot, or null when the agents were not watched.
   */
  public static RunReport of(RunId run, Plan plan, String planFile, RunTarget target, RunResult result,
                             LeftoverScan.Found leftovers, Instant startedAt, Instant finishedAt, List<String> notes,
                             AgentReport agents) {
    AgentFindings findings = AgentFindings.of(agents, result.outcomes(), plan.criteria());
    List<SessionResult> sessions = new ArrayList<>();
    for (SessionJob job : result.jobs()) {
      sessions.add(rediagnosed(session(job, result), findings));
    }
    // create-sessions steps add to the plan's count
    Counts counts = Counts.derive(result.jobs().size(), sessions, leftovers.retained(), leftovers.leaked());
    RunMetrics metrics = new RunMetrics(result.phases(), counts, findings);
    List<CriterionResult> criteria = new ArrayList<>(plan.criteria().stream().map(c -> c.evaluate(metrics)).toList());
    criteria.addAll(StepCriteria.of(result.steps()));
    List<String> agentNames = result.outcomes().values().stream().map(SessionOutcome::agent).filter(Objects::nonNull)
        .toList();
    RunReport.Builder builder = RunReport.builder(run, plan.name()).planFile(planFile).description(plan.description())
        .startedAt(startedAt).finishedAt(finishedAt)
        .target(new RunTarget(target.kind(), target.api(), target.namespace(), agentNames))
        .configuration(RunConfiguration.of(plan, SessionStates.MAX_INTERVAL))
        .sessions(sessions).phases(result.phases().stats()).criteria(criteria).counts(counts)
        .retained(leftovers.retained()).leaked(leftovers.leaked());
    builder.workers(workers(result, sessions), result.recovered().size());
    builder.steps(result.steps());
    builder.agents(findings.section());
    notes.forEach(builder::note);
    result.lost().forEach(l -> builder.note("worker " + l.name() + " left the cluster at " + l.at()
        + " (node " + l.node() + "); its sessions were offered again to the other workers"));
    if (result.timedOut()) {
      builder.note("the run's safety timeout ended it before every session reported an outcome; sessions without "
          + "one are counted as failed at the first phase they did not reach");
    }
    if (result.phases().duplicates() > 0) {
      builder.note(result.phases().duplicates() + " repeated phase events were received and counted once");
    }
    return builder.build();
  }

  private static SessionResult rediagnosed(SessionResult s, AgentFindings findings) {
    return findings.rediagnosis(s.id()).filter(d -> s.failedPhase() != null)
        .map(d -> new SessionResult(s.id(), s.platformSession(), s.attempts(), s.worker(), s.agent(), s.outcome(),
            s.failedPhase(), d, s.phasesMillis(), s.isolation(), s.startedAt()))
        .orElse(s);
  }

  /** The joined workers (cluster runs) and any other worker named by a session, each with its share. */
  private static List<io.loadstone.orchestrator.report.WorkerShare> workers(RunResult result,
                                                                          List<SessionResult> sessions) {
    Map<String, Long> ran = new java.util.TreeMap<>();
    sessions.forEach(s -> ran.merge(s.worker(), 1L, Long::sum));
    Map<String, io.loadstone.orchestrator.report.WorkerShare> shares = new java.util.LinkedHashMap<>();
    for (WorkerRegistry.Worker w : result.workers()) {
      java.time.Instant lostAt = result.lost().stream().filter(l -> l.name().equals(w.name()))
          .map(WorkerRegistry.Lost::at).findFirst().orElse(null);
      shares.put(w.name(), new io.loadstone.orchestrator.report.WorkerShare(w.name(), w.capacity(),
          ran.getOrDefault(w.name(), 0L), lostAt, result.users().getOrDefault(w.name(), List.of())));
    }
    ran.forEach((name, n) -> shares.putIfAbsent(name, new io.loadstone.orchestrator.report.WorkerShare(name, 0, n,
        null, List.of())));
    return List.copyOf(shares.values());
  }

  private static SessionResult session(SessionJob job, RunResult result) {
    SessionOutcome outcome = result.outcomes().get(job.session());
    int attempt = outcome == null ? result.attempts().getOrDefault(job.session(), job.attempt()) : outcome.attempt();
    // a session taken over keeps the times its lost attempt measured; the adopting attempt adds what it timed itself
    // and marks what it found already reached (NaN: untimed)
    Map<Phase, Double> millis = new EnumMap<>(Phase.class);
    PhaseEvent created = null;
    for (int a = 1; a <= attempt; a++) {
      for (Map.Entry<Phase, PhaseEvent> e : result.phases().events(job.session(), a).entrySet()) {
        PhaseEvent event = e.getValue();
        Double known = millis.get(e.getKey());
        if (event.measured() && (known == null || known.isNaN())) {
          millis.put(e.getKey(), event.elapsedMicros() / 1000.0);
          if (e.getKey() == Phase.CREATED) {
            created = event;
          }
        } else if (known == null) {
          millis.put(e.getKey(), Double.NaN);
        }
      }
    }
    Instant startedAt = created == null ? null
        : Instant.ofEpochMilli(created.wallMillis() - created.elapsedMicros() / 1000);
    if (outcome == null) {
      Phase missing = java.util.Arrays.stream(Phase.values()).filter(p -> !millis.containsKey(p)).findFirst()
          .orElse(Phase.CLEANED_UP);
      String worker = result.owners().getOrDefault(job.session(), "unassigned");
      return new SessionResult(job.session(), null, attempt, worker, null, SessionOutcome.Outcome.FAILED, missing,
          null, millis, null, startedAt);
    }
    boolean completed = outcome.outcome() == SessionOutcome.Outcome.COMPLETED;
    return new SessionResult(job.session(), outcome.platformSession(), attempt, outcome.node(), outcome.agent(),
        outcome.outcome(), completed ? null : outcome.failedPhase(), completed ? null : outcome.diagnosis(), millis,
        outcome.isolation(), startedAt);
  }
}
