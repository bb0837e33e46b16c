package io.loadstone.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test copies of the shipped plans: the same sessions, checks and criteria, with the sandbox's fast timings (pods
 * ready in ~100 ms instead of ~6 s), a short hold, and any text replaced as given, so a run takes seconds.
 */
final class RunPlans {
  static final String FAST_SANDBOX = """
        timings: {heartbeatInterval: 200ms, hubCheckInterval: 100ms, staleAfter: 600ms, selectionWindow: 1200ms,
          wsPingInterval: 400ms, wsPongWait: 1s, reconcilerInterval: 200ms, podReadyPollInterval: 50ms,
          reconnectBackoff: [100ms, 200ms, 400ms, 800ms], agentRestartDelay: 200ms}
        pods: {scheduleDelay: 10ms, readyDelay: {median: 100ms, p99: 300ms}, deleteGrace: {median: 50ms, p99: 150ms},
          controllerDelay: 5ms}
      """;

  private RunPlans() {
  }

  /** {@code plans/<name>} made fast, with {@code replacements} (literal text -> text) applied, written into dir. */
  static Path fast(Path dir, String name, Map<String, String> replacements) throws IOException {
    String yaml = Files.readString(Path.of("..", "plans", name));
    yaml = yaml.replace("hold: 10s", "hold: 300ms");
    yaml = yaml.contains("\nsandbox:\n") ? yaml.replace("\nsandbox:\n", "\nsandbox:\n" + FAST_SANDBOX)
        : yaml + "sandbox:\n" + FAST_SANDBOX;
    for (Map.Entry<String, String> r : replacements.entrySet()) {
      if (!yaml.contains(r.getKey())) {
        throw new IllegalArgumentException("plan " + name + " has no \"" + r.getKey() + "\"");
      }
      yaml = yaml.replace(r.getKey(), r.getValue());
    }
    Path plan = dir.resolve(name);
    Files.writeString(plan, yaml);
    return plan;
  }
}
