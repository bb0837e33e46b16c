package io.loadstone.cli;

import io.loadstone.common.plan.InvalidPlanException;
import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.PlanLoader;
import io.loadstone.common.plan.SandboxCheck;
import io.loadstone.sandbox.config.InvalidConfigException;
import io.loadstone.sandbox.config.SandboxConfig;
import io.loadstone.sandbox.config.SandboxConfigLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * Joins plans to the sandbox: a plan's {@code sandbox:} block is checked with the sandbox's own config rules, so
 * {@code validate} and {@code run} report its problems with the plan's, and {@link #config} turns it into the
 * {@link SandboxConfig} the embedded sandbox starts from.
 */
public final class PlanSandbox {
  /** The sandbox config loader's problems for a plan's (normalised) sandbox block. */
  public static final SandboxCheck CHECK = config -> {
    try {
      SandboxConfigLoader.parse("sandbox", config.toString(), SandboxConfig.defaults());
      return List.of();
    } catch (InvalidConfigException e) {
      return e.problems();
    } catch (IllegalArgumentException e) {
      return List.of(e.getMessage());
    }
  };

  private PlanSandbox() {
  }

  /**
   * Loads and fully validates a plan file.
   *
   * @throws InvalidPlanException with every problem, the sandbox block's included
   */
  public static Plan load(Path file) {
    return PlanLoader.load(file, CHECK);
  }

  /** The embedded sandbox's config for a plan without a target (the block was validated when the plan loaded). */
  public static SandboxConfig config(Plan plan) {
    if (!plan.usesSandbox()) {
      throw new IllegalArgumentException("plan " + plan.name() + " has a target, not a sandbox");
    }
    return SandboxConfigLoader.parse(plan.name(), plan.sandbox().configJson(), SandboxConfig.defaults());
  }
}
