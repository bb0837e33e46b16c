package io.loadstone.orchestrator.cleanup;

import io.loadstone.orchestrator.report.RemainingResource;
import io.loadstone.orchestrator.report.ResourceKind;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of cleaning up a run's sessions: one {@link SessionCleanup} per session, in the order given.
 *
 * @param sessions per session
 * @param timeout  how long cleanup waited for the objects to go
 * @param timedOut true when the timeout ended the wait with something still present
 */
public record CleanupResult(List<SessionCleanup> sessions, Duration timeout, boolean timedOut) {
  public CleanupResult {
    sessions = List.copyOf(sessions);
  }

  /** Every Deployment, Service and Pod still present: what makes the cleanup fail. */
  public List<RemainingResource> leaked() {
    return sessions.stream().flatMap(s -> s.left().stream()).toList();
  }

  /** Home PVCs and Session CRs the platform keeps by design. */
  public List<RemainingResource> retained() {
    return sessions.stream().flatMap(s -> s.retained().stream()).toList();
  }

  public long retainedCount(ResourceKind kind) {
    return retained().stream().filter(r -> r.kind() == kind).count();
  }

  public long goneCount() {
    return sessions.stream().filter(SessionCleanup::gone).count();
  }

  /** True when nothing but retained objects remains. */
  public boolean clean() {
    return leaked().isEmpty();
  }
}
