package io.loadstone.common.message;

import java.util.Objects;

/**
 * An order to run one session's lifecycle: the first attempt creates a platform session; a later attempt
 * (after its worker was lost) adopts {@code platformSession} from the platform's current state.
 *
 * @param user            the platform user the session is (to be) created for
 * @param platformSession the platform's session id to adopt, or null to create one
 */
public record SessionJob(RunId run, String session, int attempt, String user, String platformSession) {
  public SessionJob {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(user, "user");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt: expected >= 1, got " + attempt);
    }
  }
}
