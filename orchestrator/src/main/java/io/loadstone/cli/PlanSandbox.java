package io.loadstone.cli;

import io.loadstone.common.plan.InvalidPlanException;
import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.PlanLoader;
import io.loadstone.common.plan.SandboxCheck;
import io.loadstone.sandbox.config.InvalidConfigException;
import io.loadstone.sandbox.config.SandboxConfig;
import io.loadstone.sandbox.config.SandboxConfigLoader;
import java.nio.file.Path;
import io.loadstone.sandbox.SandboxSecrets;
import io.loadstone.sandbox.config.UserSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

  /**
   * The embedded sandbox's config for a plan without a target (the block was validated when the plan loaded). The
   * plan's session users that the block does not declare become accounts with the admin password (generated here
   * when the block sets none), so that workers, which know that password, can log in as each session's owner to
   * view it.
   */
  public static SandboxConfig config(Plan plan) {
    if (!plan.usesSandbox()) {
      throw new IllegalArgumentException("plan " + plan.name() + " has a target, not a sandbox");
    }
    SandboxConfig c = SandboxConfigLoader.parse(plan.name(), plan.sandbox().configJson(), SandboxConfig.defaults());
    Set<String> known = new HashSet<>(List.of("admin"));
    c.users().forEach(u -> known.add(u.username()));
    List<String> missing = plan.sessions().users().stream().filter(u -> !known.contains(u)).toList();
    if (missing.isEmpty()) {
      return c;
    }
    String password = c.adminPassword() != null ? c.adminPassword() : SandboxSecrets.hex(12);
    List<UserSpec> users = new ArrayList<>(c.users());
    missing.forEach(u -> users.add(new UserSpec(u, password, "user", false)));
    return new SandboxConfig(c.host(), c.port(), c.kubePort(), c.namespace(), c.agents(), c.region(), password,
        List.copyOf(users), c.maxSessionsPerUser(), c.seed(), c.timings(), c.pods(), c.faults(),
        c.redeliverCommands());
  }
}
