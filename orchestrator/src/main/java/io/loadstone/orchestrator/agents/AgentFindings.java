package io.loadstone.orchestrator.agents;

import io.loadstone.common.message.Diagnosis;
import io.loadstone.common.message.SessionOutcome;
import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.criteria.AgentLatency;
import io.loadstone.common.plan.criteria.Counter;
import io.loadstone.common.plan.criteria.Criterion;
import io.loadstone.common.plan.criteria.Gauge;
import io.loadstone.common.plan.criteria.Operator;
import io.loadstone.orchestrator.report.AgentsSection;
import io.loadstone.orchestrator.report.PhaseStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What a finished run's agent observations mean, decided from evidence only (outcomes, their arrival times, agent
 * timelines, declared disruptions), never from a sandbox's ground truth: per-agent session counts and their spread,
 * recovery figures, sessions that survived an outage, refused creates, lost commands, the sessions whose diagnosis
 * an agent explains better ({@code agent-stuck-offline}, {@code command-lost-while-agent-down}) and the run-level
 * agent issues ({@code agent-heartbeat-timeout}, {@code agent-crash}, {@code unbalanced-agents}). Immutable.
 * Without an {@link AgentReport} (the watch did not start) only what the outcomes tell is known.
 */
public final class AgentFindings {
  /** The variance bound of {@code unbalanced-agents} when the plan sets none. */
  public static final double DEFAULT_VARIANCE_LIMIT = 2.0;

  private final AgentReport seen;
  private final Map<String, Long> perAgent;
  private final List<Outage> outages = new ArrayList<>();
  private final Map<String, Diagnosis> rediagnosed = new LinkedHashMap<>();
  private final List<AgentsSection.Issue> issues = new ArrayList<>();
  private final double varianceLimit;
  private final String limitSource;
  private long createsRefused;
  private long commandsLost;
  private long survived;
  private long notSurvived;
  private long placedOffline;

  private AgentFindings(AgentReport seen, Map<String, SessionOutcome> outcomes, List<Criterion> criteria) {
    this.seen = seen;
    this.perAgent = perAgent(seen, outcomes.values());
    Optional<Criterion> bound = criteria.stream().filter(c -> c.metric().gauge() == Gauge.AGENTS_VARIANCE
        && (c.operator() == Operator.LT || c.operator() == Operator.LE)).findFirst();
    this.varianceLimit = bound.map(Criterion::threshold).orElse(DEFAULT_VARIANCE_LIMIT);
    this.limitSource = bound.map(c -> "the plan's criterion agents.variance " + c.expression())
        .orElse("the default limit");
    if (seen != null) {
      seen.agents().forEach(a -> outages.addAll(a.outages()));
    }
    for (Map.Entry<String, SessionOutcome> e : new TreeMap<>(outcomes).entrySet()) {
      session(e.getKey(), e.getValue());
    }
    if (seen != null) {
      survival(outcomes);
      placement();
      agentIssues();
    }
  }

  /** The findings of a run; {@code seen} null when the agents were not watched. */
  public static AgentFindings of(AgentReport seen, Map<String, SessionOutcome> outcomes, List<Criterion> criteria) {
    return new AgentFindings(seen, outcomes, criteria);
  }

  /** True when the agents were watched. */
  public boolean watched() {
    return seen != null;
  }

  /** The diagnosis an agent finding gives {@code session} instead of the worker's, if any. */
  public Optional<Diagnosis> rediagnosis(String session) {
    return Optional.ofNullable(rediagnosed.get(session));
  }

  /** An agent counter ({@link Counter#needsAgentWatch()} or {@link Counter#CREATES_REFUSED}); 0 for the others. */
  public long counter(Counter counter) {
    return switch (counter) {
      case CREATES_REFUSED -> createsRefused;
      case COMMANDS_LOST -> commandsLost;
      case SESSIONS_SURVIVED -> survived;
      case SESSIONS_NOT_SURVIVED -> notSurvived;
      case SESSIONS_PLACED_OFFLINE -> placedOffline;
      case AGENT_OUTAGES -> outages.stream().filter(o -> o.startNanos() >= 0).count();
      case AGENT_RECONNECTS -> outages.stream().filter(o -> !o.open()).count();
      default -> 0;
    };
  }

  /** One value per outage: detection or reconnect time in ms, where known. */
  public List<Double> millis(AgentLatency latency) {
    return outages.stream().map(o -> latency == AgentLatency.OFFLINE_DETECTED ? o.detectMillis() : o.reconnectMillis())
        .filter(Double::isFinite).toList();
  }

  /** Variance or spread of the sessions per agent; empty when no agent is known. */
  public OptionalDouble gauge(Gauge gauge) {
    if (perAgent.isEmpty()) {
      return OptionalDouble.empty();
    }
    double mean = perAgent.values().stream().mapToLong(Long::longValue).average().orElse(0);
    return switch (gauge) {
      case AGENTS_VARIANCE -> OptionalDouble.of(perAgent.values().stream()
          .mapToDouble(n -> (n - mean) * (n - mean)).sum() / perAgent.size());
      case AGENTS_SPREAD -> OptionalDouble.of(perAgent.values().stream().mapToLong(Long::longValue).max().orElse(0)
          - perAgent.values().stream().mapToLong(Long::longValue).min().orElse(0));
    };
  }

  /** Sessions placed per agent, every listed agent included (0 if none). */
  public Map<String, Long> sessionsPerAgent() {
    return perAgent;
  }

  /** The run-level agent issues. */
  public List<AgentsSection.Issue> issues() {
    return List.copyOf(issues);
  }

  /** The report's Agents part, or null when the agents were not watched. */
  public AgentsSection section() {
    return seen == null ? null : AgentSections.of(seen, this);
  }

  AgentReport seen() {
    return seen;
  }

  long survived() {
    return survived;
  }

  long notSurvived() {
    return notSurvived;
  }

  PhaseStats stats(AgentLatency latency) {
    return PhaseStats.ofMillis(millis(latency));
  }

  private static Map<String, Long> perAgent(AgentReport seen, Collection<SessionOutcome> outcomes) {
    Map<String, Long> counts = new LinkedHashMap<>();
    if (seen != null) {
      seen.agents().forEach(a -> counts.put(a.agentId(), 0L));
    }
    Map<String, Long> named = new TreeMap<>();
    outcomes.stream().filter(o -> o.agent() != null).forEach(o -> named.merge(o.agent(), 1L, Long::sum));
    named.forEach((agent, n) -> counts.merge(agent, n, Long::sum));
    return counts;
  }

  private void session(String slot, SessionOutcome o) {
    boolean refused = refused503(o);
    if (refused) {
      createsRefused++;
    }
    if (seen == null) {
      return;
    }
    SessionSighting sighting = seen.sessions().get(slot);
    if (sighting == null || sighting.outcomeNanos() < 0) {
      return;
    }
    if (refused && o.diagnosis().evidence().get(0).contains("No agents available")) {
      stuckOffline(slot, o, sighting.outcomeNanos());
    } else if (o.failedPhase() == Phase.CLEANED_UP && o.diagnosis() != null
        && "cleanup-timeout".equals(o.diagnosis().code()) && o.agent() != null && sighting.terminatedNanos() >= 0) {
      commandLost(slot, o, sighting);
    }
  }

  static boolean refused503(SessionOutcome o) {
    return o.failedPhase() == Phase.CREATED && o.diagnosis() != null && "api-error".equals(o.diagnosis().code())
        && !o.diagnosis().evidence().isEmpty() && o.diagnosis().evidence().get(0).contains(" answered 503 ");
  }

  /** A 503 while an agent was listed offline yet heartbeating: the platform, not the agent, kept it out. */
  private void stuckOffline(String slot, SessionOutcome o, long refusedNanos) {
    for (AgentHistory a : seen.agents()) {
      for (Outage out : a.outages()) {
        if (out.offlineAt(refusedNanos) && out.heartbeatsWhileOffline() > 0) {
          List<String> lines = new ArrayList<>(o.diagnosis().evidence());
          lines.add("agent " + a.agentId() + " listed offline since " + at(out.offlineNanos())
              + (out.open() ? ", still offline at the end" : " until " + at(out.onlineNanos())));
          lines.add("its lastHeartbeat advanced " + out.heartbeatsWhileOffline() + " time(s) while listed offline"
              + " (first at " + at(out.reconnectedNanos()) + ", last value " + out.lastHeartbeatWhileOffline()
              + "): connected and heartbeating");
          lines.add("the create was refused at " + at(refusedNanos) + " (outcome received)");
          rediagnosed.put(slot, new Diagnosis("agent-stuck-offline", lines));
          return;
        }
      }
    }
  }

  /** A delete accepted while the agent was down whose objects were still there after it was back. */
  private void commandLost(String slot, SessionOutcome o, SessionSighting s) {
    Optional<AgentHistory> agent = seen.agent(o.agent());
    if (agent.isEmpty()) {
      return;
    }
    for (Outage out : agent.get().outages()) {
      if (out.offlineAt(s.terminatedNanos()) && !out.open() && out.onlineNanos() < s.outcomeNanos()) {
        List<String> lines = new ArrayList<>();
        lines.add("delete accepted (202) at " + at(s.terminatedNanos()) + " while agent " + o.agent()
            + " was listed offline (since " + at(out.offlineNanos()) + ")");
        lines.add("agent " + o.agent() + " listed online again at " + at(out.onlineNanos()));
        lines.add("the cleanedUp deadline passed at " + at(s.outcomeNanos()) + " with the objects still there:");
        lines.addAll(o.diagnosis().evidence());
        lines.add("the stop command sent while the agent was away was not delivered when it came back");
        rediagnosed.put(slot, new Diagnosis("command-lost-while-agent-down", lines));
        commandsLost++;
        return;
      }
    }
  }

  /**
   * Running when the agent was found offline (the running event arrived before the offline poll; the outage's start
   * from "last seen online" can be up to a poll early), and not being deleted before the outage began.
   */
  private static boolean affected(SessionSighting s, Outage out) {
    return s.runningNanos() >= 0 && s.runningNanos() <= out.offlineNanos()
        && (s.terminatedNanos() < 0 || s.terminatedNanos() > out.startNanos());
  }

  /** Sessions running when their agent's outage began: the same single pod and completed, or not. */
  /** Creates answered naming an agent that was listed offline when the answer arrived. */
  private void placement() {
    for (SessionSighting s : seen.sessions().values()) {
      if (s.createdNanos() >= 0 && s.agent() != null && seen.agent(s.agent()).map(AgentHistory::outages)
          .orElse(List.of()).stream().anyMatch(out -> out.offlineAt(s.createdNanos()))) {
        placedOffline++;
      }
    }
  }

  private void survival(Map<String, SessionOutcome> outcomes) {
    for (Map.Entry<String, SessionOutcome> e : outcomes.entrySet()) {
      SessionOutcome o = e.getValue();
      SessionSighting s = seen.sessions().get(e.getKey());
      if (o.agent() == null || s == null) {
        continue;
      }
      List<Outage> hit = seen.agent(o.agent()).map(AgentHistory::outages).orElse(List.of()).stream()
          .filter(out -> out.startNanos() >= 0 && affected(s, out)).toList();
      if (hit.isEmpty()) {
        continue;
      }
      // back = reconnected (listed online again, or heartbeating while still listed offline)
      boolean kept = o.outcome() == SessionOutcome.Outcome.COMPLETED && o.podUids().size() == 1
          && hit.stream().allMatch(out -> out.reconnectedNanos() >= 0);
      if (kept) {
        survived++;
      } else {
        notSurvived++;
      }
    }
  }

  private void agentIssues() {
    for (AgentHistory a : seen.agents()) {
      for (Outage out : a.outages()) {
        if (out.kind() == Outage.Kind.HEARTBEAT_TIMEOUT) {
          issues.add(new AgentsSection.Issue("agent-heartbeat-timeout", a.agentId(), heartbeatEvidence(a, out)));
        }
      }
      if (a.reconnects() >= 2) {
        List<String> lines = new ArrayList<>();
        lines.add(a.reconnects() + " offline -> online cycles during the run:");
        for (Outage out : a.outages()) {
          lines.add("offline at " + at(out.offlineNanos()) + (out.open() ? ", not back by the end"
              : ", online again at " + at(out.onlineNanos()) + " (" + out.kind().id() + ")"));
        }
        issues.add(new AgentsSection.Issue("agent-crash", a.agentId(), lines));
      }
    }
    OptionalDouble variance = gauge(Gauge.AGENTS_VARIANCE);
    if (perAgent.size() >= 2 && variance.isPresent() && variance.getAsDouble() > varianceLimit + 1e-9) {
      List<String> lines = new ArrayList<>();
      perAgent.forEach((agent, n) -> lines.add(agent + ": " + n + " session(s)"));
      lines.add(String.format(java.util.Locale.ROOT, "population variance %.3f over %d agents, above %s (%s)",
          variance.getAsDouble(), perAgent.size(), trim(varianceLimit), limitSource));
      lines.add("spread (most - fewest): " + trim(gauge(Gauge.AGENTS_SPREAD).orElse(0)));
      issues.add(new AgentsSection.Issue("unbalanced-agents", null, lines));
    }
  }

  private List<String> heartbeatEvidence(AgentHistory a, Outage out) {
    List<String> lines = new ArrayList<>();
    lines.add("listed offline at " + at(out.offlineNanos()) + (Double.isNaN(out.heartbeatAgeMillis()) ? ""
        : " with its lastHeartbeat " + AgentTimeline.millis(out.heartbeatAgeMillis())
        + " old by the platform's own updatedAt"));
    if (!Double.isNaN(out.silenceMillis())) {
      lines.add("its last heartbeat value was first seen " + AgentTimeline.millis(out.silenceMillis())
          + " before it was listed offline");
    }
    if (!Double.isNaN(out.heartbeatIntervalMillis())) {
      lines.add("heartbeats seen every " + AgentTimeline.millis(out.heartbeatIntervalMillis())
          + " at best before: the heartbeats stopped while the agent was listed online (a stall), not a dropped "
          + "connection with a fresh heartbeat");
    }
    lines.add(out.open() ? "not listed online again by the end of the run"
        : "online again at " + at(out.onlineNanos()) + (Double.isNaN(out.reconnectMillis()) ? ""
        : " (" + AgentTimeline.millis(out.reconnectMillis()) + " after the outage began, " + out.startCause() + ")"));
    return lines;
  }

  /** A time as the report shows it: seconds since the watch started. */
  String at(long nanos) {
    return nanos < 0 ? "(not seen)" : String.format(java.util.Locale.ROOT, "+%.3f s", seen.sinceStartMillis(nanos) / 1000);
  }

  private static String trim(double v) {
    return String.format(java.util.Locale.ROOT, "%.3f", v).replaceAll("\\.?0+$", "");
  }
}
