package io.loadstone.common.message;

import java.util.Objects;

/**
 * A draining worker giving a session back to the orchestrator (request to {@code Addresses.handback(run)}; a reply
 * acknowledges it). The orchestrator offers it again as {@code attempt + 1}, adopting {@code platformSession}.
 *
 * @param platformSession the platform's session id, or null when the create was never answered
 * @param worker          the worker giving it back
 */
public record SessionHandback(RunId run, String session, int attempt, String platformSession, String worker) {
  public SessionHandback {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(worker, "worker");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt: expected >= 1, got " + attempt);
    }
  }
}
