package io.loadstone.common.plan.step;

import io.loadstone.common.time.Durations;
import java.time.Duration;
import java.util.Objects;

/** When a step fires, once the step before it has finished. */
public sealed interface Trigger {
  String describe();

  /**
   * At a time since the run started (when jobs were first handed out); at once if that time has already passed.
   *
   * @param at since the run started
   */
  record At(Duration at) implements Trigger {
    public At {
      Objects.requireNonNull(at, "at");
    }

    @Override
    public String describe() {
      return "at " + Durations.format(at);
    }
  }

  /**
   * When a condition is observed (already true counts), waiting at most {@code timeout} from when the step started
   * waiting; a wait that times out ends the step as timed out and skips the steps after it.
   *
   * @param agent the agent the condition is about, or null for any agent (agent conditions only)
   */
  record After(Condition condition, String agent, Duration timeout) implements Trigger {
    public After {
      Objects.requireNonNull(condition, "condition");
      Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String describe() {
      return "after " + condition.id() + (agent == null ? "" : " of " + agent);
    }
  }
}
