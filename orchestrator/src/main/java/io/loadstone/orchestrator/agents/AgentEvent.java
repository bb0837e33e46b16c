package io.loadstone.orchestrator.agents;

import java.time.Instant;

/**
 * One line of an agent's timeline, on the observer's monotonic clock ({@code nanos}) with the wall clock for display.
 *
 * @param kind   what was observed
 * @param detail the evidence behind it, for people (heartbeat values, silence, the step that provoked it), or ""
 */
public record AgentEvent(String agentId, Kind kind, long nanos, Instant at, String detail) {
  /** What an agent timeline records. */
  public enum Kind {
    /** first seen, with the status it was listed with */
    FIRST_SEEN("first seen"),
    /** listed offline after being seen online */
    OFFLINE("offline detected"),
    /** while listed offline, its lastHeartbeat advanced again: connected and heartbeating */
    RECONNECTED("reconnected"),
    /** listed online again after an outage */
    ONLINE_AGAIN("online again"),
    /** any other status change (draining, or back from absent) */
    STATUS("status"),
    /** no longer in the list */
    ABSENT("absent from the list");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** {@code offline detected (heartbeat 612 ms old when listed offline)} */
  public String describe() {
    return kind.text() + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
