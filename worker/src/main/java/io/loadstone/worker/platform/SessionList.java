package io.loadstone.worker.platform;

import java.util.List;
import java.util.Optional;

/**
 * One answer of {@code GET /api/v1/sessions}: the sessions, the platform's {@code total}, and
 * {@code receivedNanos}, the {@code System.nanoTime()} at which the complete answer had arrived.
 */
public record SessionList(List<SessionView> sessions, int total, long receivedNanos) {
  public SessionList {
    sessions = List.copyOf(sessions);
  }

  public Optional<SessionView> find(String sessionId) {
    return sessions.stream().filter(s -> sessionId.equals(s.name())).findFirst();
  }
}
