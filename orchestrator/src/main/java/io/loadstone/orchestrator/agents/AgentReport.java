package io.loadstone.orchestrator.agents;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of an {@link AgentWatch}: every agent's history, the gaps in observation, the disruptions
 * the run declared and the sessions' milestones as they arrived. Times are this JVM's {@code System.nanoTime()};
 * {@code startNanos}/{@code startedAt} (the watch's start) turn them into run-relative and wall-clock times.
 *
 * @param polls       polls answered
 * @param failedPolls polls that failed
 */
public record AgentReport(long startNanos, Instant startedAt, long intervalMillis, List<AgentHistory> agents,
                          List<ObservationGap> gaps, List<Disruption> disruptions,
                          Map<String, SessionSighting> sessions, long polls, long failedPolls) {
  public AgentReport {
    agents = List.copyOf(agents);
    gaps = List.copyOf(gaps);
    disruptions = List.copyOf(disruptions);
    sessions = Map.copyOf(sessions);
  }

  public Optional<AgentHistory> agent(String agentId) {
    return agents.stream().filter(a -> a.agentId().equals(agentId)).findFirst();
  }

  /** Wall clock of a time on the watch's monotonic clock, for display. */
  public Instant wall(long nanos) {
    return startedAt.plusNanos(nanos - startNanos);
  }

  /** Milliseconds since the watch started. */
  public double sinceStartMillis(long nanos) {
    return (nanos - startNanos) / 1e6;
  }
}
