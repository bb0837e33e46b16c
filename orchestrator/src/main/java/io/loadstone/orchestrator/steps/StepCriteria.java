package io.loadstone.orchestrator.steps;

import io.loadstone.common.plan.criteria.CriterionResult;
import java.util.List;

/**
 * Each step as an implicit criterion, "step N: done": a step that failed, timed out or was skipped means the
 * scenario the plan describes did not happen, so the run cannot pass, and the verdict still comes from criteria alone.
 */
public final class StepCriteria {
  private StepCriteria() {
  }

  public static List<CriterionResult> of(List<StepResult> steps) {
    return steps.stream().map(s -> new CriterionResult("step " + (s.index() + 1), "done",
        s.status().id() + ": " + s.detail(), s.passed() ? 1.0 : 0.0, s.passed())).toList();
  }
}
