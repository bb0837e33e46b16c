package io.loadstone.orchestrator.agents;

import io.loadstone.common.plan.criteria.AgentLatency;
import io.loadstone.common.plan.criteria.Counter;
import io.loadstone.common.plan.criteria.Gauge;
import io.loadstone.orchestrator.report.AgentsSection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Turns an {@link AgentReport} and its {@link AgentFindings} into the report's {@link AgentsSection}. */
final class AgentSections {
  private AgentSections() {
  }

  static AgentsSection of(AgentReport seen, AgentFindings findings) {
    Map<String, Long> perAgent = findings.sessionsPerAgent();
    List<AgentsSection.Agent> agents = new ArrayList<>();
    List<AgentsSection.Line> timeline = new ArrayList<>();
    for (AgentHistory a : seen.agents()) {
      List<AgentsSection.Outage> outages = a.outages().stream().map(o -> outage(seen, o)).toList();
      agents.add(new AgentsSection.Agent(a.agentId(), perAgent.getOrDefault(a.agentId(), 0L), a.finalStatus(),
          a.reconnects(), a.heartbeatAdvances(), outages));
      for (AgentEvent e : a.events()) {
        timeline.add(new AgentsSection.Line(seen.sinceStartMillis(e.nanos()), e.at(), a.agentId(), e.describe()));
      }
    }
    perAgent.forEach((agent, n) -> {
      if (seen.agent(agent).isEmpty()) {
        // named by a create answer, never listed
        agents.add(new AgentsSection.Agent(agent, n, "never listed", 0, 0, List.of()));
      }
    });
    for (ObservationGap g : seen.gaps()) {
      timeline.add(new AgentsSection.Line(seen.sinceStartMillis(g.fromNanos()), g.from(), null,
          "not observed from " + seconds(seen, g.fromNanos()) + " to " + (g.toNanos() < 0 ? "the end of the run"
              : seconds(seen, g.toNanos())) + ": " + g.failedPolls() + " poll(s) failed, last: " + g.cause()));
    }
    for (Disruption d : seen.disruptions()) {
      timeline.add(new AgentsSection.Line(seen.sinceStartMillis(d.nanos()), seen.wall(d.nanos()), d.agentId(),
          "disruption declared: " + d.what()));
    }
    timeline.sort(Comparator.comparingDouble(AgentsSection.Line::atMillis));
    return new AgentsSection(seen.intervalMillis(), agents, timeline, findings.stats(AgentLatency.OFFLINE_DETECTED),
        findings.stats(AgentLatency.RECONNECTED), perAgent, findings.gauge(Gauge.AGENTS_VARIANCE).orElse(0),
        findings.gauge(Gauge.AGENTS_SPREAD).orElse(0), findings.counter(Counter.CREATES_REFUSED),
        findings.counter(Counter.COMMANDS_LOST), findings.counter(Counter.SESSIONS_SURVIVED),
        findings.counter(Counter.SESSIONS_NOT_SURVIVED), findings.issues());
  }

  private static AgentsSection.Outage outage(AgentReport seen, Outage o) {
    double detect = o.detectMillis();
    double reconnect = o.reconnectMillis();
    return new AgentsSection.Outage(o.startNanos() < 0 ? null : seen.wall(o.startNanos()),
        o.startNanos() < 0 ? Double.NaN : seen.sinceStartMillis(o.startNanos()), o.startCause(), o.kind().id(),
        Double.isFinite(detect) ? detect : null, Double.isFinite(reconnect) ? reconnect : null);
  }

  private static String seconds(AgentReport seen, long nanos) {
    return String.format(java.util.Locale.ROOT, "+%.3f s", seen.sinceStartMillis(nanos) / 1000);
  }
}
