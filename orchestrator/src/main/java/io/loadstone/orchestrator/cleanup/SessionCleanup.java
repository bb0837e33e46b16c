package io.loadstone.orchestrator.cleanup;

import io.loadstone.orchestrator.report.RemainingResource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What cleanup did for one session and what it left.
 *
 * @param session     the session
 * @param delete      the platform's answer to the delete
 * @param deleteText  that answer for people, e.g. {@code HTTP 409 Session already terminating}
 * @param seen        its Deployment, Service and Pods seen during the cleanup, as {@code Kind name}, in the order
 *                    first seen; empty when nothing of it was left to remove
 * @param goneAfter   time from the delete's send until its last Deployment, Service or Pod was seen gone, or null
 *                    when something remained at the end (or nothing had been left at all: see {@code seen})
 * @param left        its Deployment, Service and Pods still present at the end (leaked)
 * @param retained    its home PVC and Session CR, kept by the platform by design
 */
public record SessionCleanup(RunSession session, DeleteOutcome delete, String deleteText, List<String> seen,
                             Duration goneAfter, List<RemainingResource> left, List<RemainingResource> retained) {
  public SessionCleanup {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(delete, "delete");
    seen = List.copyOf(seen);
    left = List.copyOf(left);
    retained = List.copyOf(retained);
  }

  /** True when no Deployment, Service or Pod of the session remains. */
  public boolean gone() {
    return left.isEmpty();
  }
}
