package io.loadstone.orchestrator.cleanup;

import io.loadstone.worker.platform.PlatformException;
import java.util.Locale;

/**
 * The platform's answer to a session's {@code DELETE /api/v1/sessions/{id}}. Only {@link #FAILED} and
 * {@link #NO_ANSWER} mean the platform may not be removing the session; the others are fine.
 */
public enum DeleteOutcome {
  /** 202: the stop command was queued */
  ACCEPTED,
  /** 404: the platform no longer knows the session */
  ALREADY_GONE,
  /** 409, the session already terminating (the state a stopped session keeps for good) */
  ALREADY_TERMINATING,
  /** 409 for another reason, e.g. no agent was ever assigned, so nothing was started */
  NOT_APPLICABLE,
  /** another error answer, or no answer within the request timeout */
  FAILED,
  /** the cleanup's timeout came before the answer */
  NO_ANSWER;

  /** The outcome of a failed delete call. */
  static DeleteOutcome ofFailure(Throwable failure) {
    if (failure instanceof PlatformException e) {
      if (e.status() == 404) {
        return ALREADY_GONE;
      }
      if (e.status() == 409) {
        String said = (e.error() + " " + e.platformMessage()).toLowerCase(Locale.ROOT);
        return said.contains("terminat") ? ALREADY_TERMINATING : NOT_APPLICABLE;
      }
    }
    return FAILED;
  }

  /** False when the platform was not asked to, or may not, remove the session's objects. */
  boolean platformRemoves() {
    return this != FAILED && this != NO_ANSWER;
  }
}
