package io.loadstone.orchestrator.agents;

/**
 * An outage the run provoked (a plan step), as declared to {@link AgentWatch#disruption}: the agent (null: every
 * agent), when (this JVM's {@code System.nanoTime()}) and what, as the report names it.
 */
public record Disruption(String agentId, long nanos, String what) {
  /** True if it concerns {@code agent}. */
  public boolean concerns(String agent) {
    return agentId == null || agentId.equals(agent);
  }
}
