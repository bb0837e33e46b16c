package io.loadstone.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Full validation of a plan's {@code sandbox:} block, supplied by a module that knows the sandbox's config rules
 * (the orchestrator wires the sandbox's own loader). {@code common} checks only the block's shape and top-level
 * keys, because it must not depend on the sandbox.
 */
@FunctionalInterface
public interface SandboxCheck {
  /** No check beyond the shape. */
  SandboxCheck NONE = config -> List.of();

  /**
   * Problems in {@code config} (a sandbox config tree, see {@link SandboxBlock#config()}), each as
   * {@code <field>: expected <what>, got <found>} with the field relative to the sandbox config.
   */
  List<String> problems(JsonNode config);
}
