package io.loadstone.orchestrator.report;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the run was pointed at. The API address never carries credentials: user information in it is removed.
 *
 * @param kind      the embedded sandbox or a real platform
 * @param api       the platform's base URL, or null if the run failed before one was known (a sandbox that did not
 *                  start)
 * @param namespace the namespace holding session objects
 * @param agents    the platform agents seen during the run, sorted; empty if none was seen
 */
public record RunTarget(Kind kind, String api, String namespace, List<String> agents) {
  /** Where the sessions ran. */
  public enum Kind {
    SANDBOX, PLATFORM;

    /** {@code sandbox} or {@code platform}, as in {@code results.json}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public RunTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    api = api == null ? null : Redaction.apply(api);
    agents = agents.stream().sorted().distinct().toList();
  }
}
