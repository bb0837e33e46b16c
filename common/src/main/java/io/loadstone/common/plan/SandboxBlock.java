package io.loadstone.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The embedded sandbox's configuration from a plan, kept as a tree for the sandbox's own loader
 * ({@code SandboxConfigLoader.parse(source, block.configJson(), defaults)}). The plan shorthand
 * {@code podReady: <distribution>} is already moved to {@code pods.readyDelay} in {@link #config()}.
 * {@code toString()} names only the keys: the tree may hold the sandbox's own passwords.
 *
 * @param config the sandbox config tree; an empty mapping means the sandbox defaults
 */
public record SandboxBlock(ObjectNode config) {
  /** Every top-level key a plan's {@code sandbox:} block accepts: the sandbox config's and {@code podReady}. */
  public static final List<String> KEYS = List.of("agents", "podReady", "faults", "pods", "timings", "users",
      "adminPassword", "maxSessionsPerUser", "seed", "region", "namespace", "host", "port", "kubePort",
      "redeliverCommands");

  public SandboxBlock {
    config = config.deepCopy();
  }

  /** The sandbox defaults. */
  public static SandboxBlock defaults() {
    return new SandboxBlock(JsonNodeFactory.instance.objectNode());
  }

  /** A copy of the tree (callers cannot change the plan through it). */
  @Override
  public ObjectNode config() {
    return config.deepCopy();
  }

  /** The tree as JSON, which is also YAML: the text {@code SandboxConfigLoader.parse} takes. */
  public String configJson() {
    return config.toString();
  }

  /** The number of faults configured (0 if none). */
  public int faultCount() {
    JsonNode faults = config.get("faults");
    return faults != null && faults.isArray() ? faults.size() : 0;
  }

  @Override
  public String toString() {
    List<String> keys = new java.util.ArrayList<>();
    config.fieldNames().forEachRemaining(keys::add);
    return "SandboxBlock[keys=" + keys + "]";
  }
}
