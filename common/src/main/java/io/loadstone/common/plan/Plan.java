package io.loadstone.common.plan;

import io.loadstone.common.plan.criteria.Criterion;
import io.loadstone.common.plan.step.Step;
import io.loadstone.common.plan.step.StepAction;
import java.time.Duration;
import java.util.List;

/**
 * A test plan as loaded and validated by {@link PlanLoader}: everything a run needs except secrets, which
 * {@link Target#resolvePassword()} reads when the run starts. Immutable; every field is set (defaults applied).
 * Exactly one of {@code target} and {@code sandbox} is non-null.
 *
 * @param name        names the run and its reports
 * @param description free text, "" if none
 * @param target      the real platform, or null to run against the embedded sandbox
 * @param sandbox     the embedded sandbox's configuration (defaults if the plan has no {@code sandbox:}), or null
 *                    with a target
 * @param sessions    the sessions to create
 * @param arrival     when they start
 * @param hold        how long each session stays running after its checks
 * @param checks      the checks run on each session, in plan order
 * @param timeouts    per-phase deadlines
 * @param criteria    pass/fail conditions, in plan order
 * @param steps       timed actions during the run (faults, session actions, waits), in plan order
 */
public record Plan(String name, String description, Target target, SandboxBlock sandbox, Sessions sessions,
                   Arrival arrival, Duration hold, List<Check> checks, Timeouts timeouts, List<Criterion> criteria,
                   List<Step> steps) {
  public Plan {
    checks = List.copyOf(checks);
    criteria = List.copyOf(criteria);
    steps = List.copyOf(steps);
    if ((target == null) == (sandbox == null)) {
      throw new IllegalArgumentException("a plan has either a target or a sandbox");
    }
  }

  /** True when the plan runs against the embedded sandbox. */
  public boolean usesSandbox() {
    return target == null;
  }

  /** Sessions the run may create: the plan's, plus every {@code create-sessions} step's. */
  public int maxSessions() {
    return sessions.count() + steps.stream().mapToInt(s -> s.action() instanceof StepAction.CreateSessions c
        ? c.count() : 0).sum();
  }

  /** One line for people: {@code 5 sessions, burst, 4 criteria}. */
  public String summary() {
    int n = sessions.count();
    return n + (n == 1 ? " session, " : " sessions, ") + arrival.kind() + ", " + criteria.size()
        + (criteria.size() == 1 ? " criterion" : " criteria")
        + (steps.isEmpty() ? "" : ", " + steps.size() + (steps.size() == 1 ? " step" : " steps"));
  }
}
