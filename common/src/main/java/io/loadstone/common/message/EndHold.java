package io.loadstone.common.message;

import java.util.Objects;

/**
 * The orchestrator ending a session's hold early (a {@code terminate-sessions} step), published to
 * {@code Addresses.endHold(run)}: the worker running that attempt goes on to the delete at once, or skips the hold
 * if it has not begun. Repeats and other workers' copies are ignored, so publishing it is safe.
 *
 * @param reason for the worker's log, e.g. {@code step 3 (terminate-sessions)}
 */
public record EndHold(RunId run, String session, int attempt, String reason) {
  public EndHold {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(reason, "reason");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt: expected >= 1, got " + attempt);
    }
  }
}
