package io.loadstone.orchestrator.agents;

import java.util.List;

/**
 * Everything the watch saw of one agent, immutable.
 *
 * @param finalStatus            the status at the last poll ({@link AgentTransition#ABSENT} if no longer listed)
 * @param maxSessions            its {@code capacity.maxSessions} as last listed, or null
 * @param events                 its timeline, in observation order
 * @param outages                its outages, in order
 * @param heartbeatAdvances      how often its {@code lastHeartbeat} changed between two polls
 * @param lastHeartbeat          the last {@code lastHeartbeat} value, as sent
 * @param lastAdvanceNanos       when the watch first saw that value (-1 if it never changed)
 * @param heartbeatIntervalMillis the shortest step between two consecutive values seen (the platform's clock): its
 *                               heartbeat interval when polls are faster than heartbeats; NaN when unknown
 */
public record AgentHistory(String agentId, String finalStatus, Integer maxSessions, List<AgentEvent> events,
                           List<Outage> outages, long heartbeatAdvances, String lastHeartbeat, long lastAdvanceNanos,
                           double heartbeatIntervalMillis) {
  public AgentHistory {
    events = List.copyOf(events);
    outages = List.copyOf(outages);
  }

  /** Offline to online again cycles. */
  public long reconnects() {
    return outages.stream().filter(o -> !o.open()).count();
  }
}
