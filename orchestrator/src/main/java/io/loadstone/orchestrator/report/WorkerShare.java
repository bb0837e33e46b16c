package io.loadstone.orchestrator.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One worker of a run and the share of the sessions it ran (their last attempt).
 *
 * @param capacity sessions at once, or 0 when unknown (a worker in the orchestrator's JVM without a cluster)
 * @param sessions sessions whose last attempt it ran
 * @param lostAt   when its node left the cluster mid-run, or null
 * @param users    the users whose sessions it ran and observed, when the work was split by user (else empty)
 */
public record WorkerShare(String name, int capacity, long sessions, Instant lostAt, List<String> users) {
  public WorkerShare {
    Objects.requireNonNull(name, "name");
    users = List.copyOf(users);
  }
}
