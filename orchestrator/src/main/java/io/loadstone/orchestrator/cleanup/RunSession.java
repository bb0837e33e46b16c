package io.loadstone.orchestrator.cleanup;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One platform session of a run, to be cleaned up.
 *
 * @param platformId the platform's session id ({@code name}, e.g. {@code admin-firefox-browser-d40f9190})
 * @param slot       the plan's session slot ({@code s0003}) when the events name it, else null
 * @param attempt    the attempt that created it (1, or more after a takeover) when the events name it, else 0
 * @param sources    where it was learnt of; never empty
 */
public record RunSession(String platformId, String slot, int attempt, Set<SessionSource> sources) {
  public RunSession {
    Objects.requireNonNull(platformId, "platformId");
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("sources: expected at least one, got none");
    }
    sources = Collections.unmodifiableSet(EnumSet.copyOf(sources));
  }

  /** {@code s0003 attempt 1}, or {@code (slot unknown)} for a session known only by its tag. */
  public String slotLabel() {
    return slot == null ? "(slot unknown)" : slot + " attempt " + attempt;
  }

  /** {@code events, tag}. */
  public String sourceLabel() {
    return String.join(", ", sources.stream().map(SessionSource::label).toList());
  }
}
