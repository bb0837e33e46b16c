package io.loadstone.common.plan.step;

import java.util.Objects;

/**
 * One timed step of a plan ({@code steps:}): when it fires and what it does. Steps run in plan order, each after the
 * one before it has finished; see {@link Trigger} for when a step fires.
 *
 * @param index   its position in the plan, from 0 (names it in reports: "step 1" is index 0)
 * @param trigger when it fires
 * @param action  what it does
 */
public record Step(int index, Trigger trigger, StepAction action) {
  public Step {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(action, "action");
  }

  /** For people: {@code step 2 (after agent-offline: terminate-sessions)}. */
  public String describe() {
    return "step " + (index + 1) + " (" + trigger.describe() + ": " + action.describe() + ")";
  }
}
