package io.loadstone.orchestrator.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run saw of the platform's agents, for the report's "Agents" part: one row per agent (sessions placed,
 * status at the end, outages with their recovery times), one timeline of every observed change and gap in
 * observation, the recovery figures over all outages, and the agent issues diagnosed. Times are milliseconds since
 * the watch started on the orchestrator's monotonic clock, wall clock for display. Evidence passes through
 * {@link Redaction}.
 *
 * @param pollMillis      the watch's poll interval (an outage shorter than it may go unseen)
 * @param agents          every agent listed or named by a session, in the order first seen
 * @param timeline        every transition and gap, in time order
 * @param detect          outage start to offline detected, over the outages with a known start
 * @param reconnect       outage start to online again, over the outages that ended
 * @param sessionsPerAgent sessions placed per agent (from the create answers), every listed agent included
 * @param variance        population variance of {@code sessionsPerAgent}
 * @param spread          most minus fewest sessions on one agent
 * @param createsRefused  creates answered 503
 * @param commandsLost    deletes accepted while the agent was down whose objects outlived its return
 * @param survived        sessions running at an outage's start that kept their pod and completed
 * @param notSurvived     sessions running at an outage's start that did not
 * @param issues          run-level agent issues
 */
public record AgentsSection(long pollMillis, List<Agent> agents, List<Line> timeline, PhaseStats detect,
                            PhaseStats reconnect, Map<String, Long> sessionsPerAgent, double variance, double spread,
                            long createsRefused, long commandsLost, long survived, long notSurvived,
                            List<Issue> issues) {
  public AgentsSection {
    agents = List.copyOf(agents);
    timeline = List.copyOf(timeline);
    sessionsPerAgent = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sessionsPerAgent));
    issues = List.copyOf(issues);
    Objects.requireNonNull(detect, "detect");
    Objects.requireNonNull(reconnect, "reconnect");
  }

  /** One agent's row. */
  public record Agent(String id, long sessions, String finalStatus, long reconnects, long heartbeatAdvances,
                      List<Outage> outages) {
    public Agent {
      outages = List.copyOf(outages);
    }
  }

  /**
   * One outage: when it started (null/NaN when not known), what started it, what the heartbeats say
   * ({@code heartbeat-timeout}, {@code disconnect}, {@code unknown}), and its recovery times (null when not known or
   * the agent never came back).
   */
  public record Outage(Instant start, double startMillis, String cause, String kind, Double detectMs,
                       Double reconnectMs) {
  }

  /** One timeline line: {@code agent} is null for a gap in observation (it concerns every agent). */
  public record Line(double atMillis, Instant at, String agent, String event) {
    public Line {
      event = Redaction.apply(event);
    }
  }

  /** A run-level agent issue: a code ({@code agent-heartbeat-timeout}, ...), the agent, the evidence lines. */
  public record Issue(String code, String agent, List<String> evidence) {
    public Issue {
      Objects.requireNonNull(code, "code");
      evidence = evidence.stream().map(Redaction::apply).toList();
    }
  }
}
