package io.loadstone.orchestrator.report;

import io.loadstone.common.message.SessionOutcome.Outcome;
import io.loadstone.common.phase.Phase;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Whole-run counts. {@code retained} always holds the kinds kept by design ({@link ResourceKind#PVC},
 * {@link ResourceKind#SESSION_CR}), 0 when none, so a reader never mistakes "none" for "not looked at".
 *
 * @param planned   sessions the plan asked for
 * @param created   sessions whose create request was answered 202
 * @param running   sessions the API reported running
 * @param failed    sessions that failed at some phase
 * @param cleanedUp sessions whose Deployment, Service and Pod were seen gone
 * @param leaked    objects (Deployment, Service, Pod) still present after the cleanedUp timeout
 * @param retained  objects kept by design after a delete, per kind
 */
public record Counts(long planned, long created, long running, long failed, long cleanedUp, long leaked,
                     Map<ResourceKind, Long> retained) {
  public Counts {
    long[] all = {planned, created, running, failed, cleanedUp, leaked};
    for (long n : all) {
      if (n < 0) {
        throw new IllegalArgumentException("counts must be >= 0, got " + n);
      }
    }
    EnumMap<ResourceKind, Long> copy = new EnumMap<>(ResourceKind.class);
    copy.put(ResourceKind.PVC, 0L);
    copy.put(ResourceKind.SESSION_CR, 0L);
    retained.forEach((kind, n) -> {
      if (n == null || n < 0) {
        throw new IllegalArgumentException("retained " + kind.id() + " must be >= 0, got " + n);
      }
      copy.put(kind, n);
    });
    retained = Collections.unmodifiableMap(copy);
  }

  /** Counts taken from the sessions' outcomes and the objects found after the run. */
  public static Counts derive(long planned, List<SessionResult> sessions, List<RemainingResource> retained,
                              List<RemainingResource> leaked) {
    EnumMap<ResourceKind, Long> byKind = new EnumMap<>(ResourceKind.class);
    retained.forEach(r -> byKind.merge(r.kind(), 1L, Long::sum));
    return new Counts(planned,
        sessions.stream().filter(s -> s.reached(Phase.CREATED)).count(),
        sessions.stream().filter(s -> s.reached(Phase.RUNNING)).count(),
        sessions.stream().filter(s -> s.outcome() == Outcome.FAILED).count(),
        sessions.stream().filter(s -> s.reached(Phase.CLEANED_UP)).count(),
        leaked.size(), byKind);
  }

  /** All retained objects together. */
  public long retainedTotal() {
    return retained.values().stream().mapToLong(Long::longValue).sum();
  }
}
