package io.loadstone.orchestrator.steps;

import io.loadstone.orchestrator.agents.AgentWatch;
import java.util.Optional;
import java.util.Set;

/** The run's {@link AgentWatch} as the steps see it. */
public final class WatchedAgents implements AgentConditions {
  private final AgentWatch watch;

  public WatchedAgents(AgentWatch watch) {
    this.watch = watch;
  }

  @Override
  public Set<String> agentIds() {
    return watch.agentIds();
  }

  @Override
  public Optional<String> status(String agentId) {
    return watch.status(agentId);
  }

  @Override
  public void onChange(Runnable listener) {
    watch.onChange(transition -> listener.run());
  }

  @Override
  public void disruption(String agentId, long nanos, String what) {
    watch.disruption(agentId, nanos, what);
  }
}
