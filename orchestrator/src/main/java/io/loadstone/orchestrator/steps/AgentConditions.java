package io.loadstone.orchestrator.steps;

import java.util.Optional;
import java.util.Set;

/** What steps need to know of the platform's agents, as observed: their listed status and its changes. */
public interface AgentConditions {
  /** No agents observed: agent conditions never hold. */
  AgentConditions NONE = new AgentConditions() {
    @Override
    public Set<String> agentIds() {
      return Set.of();
    }

    @Override
    public Optional<String> status(String agentId) {
      return Optional.empty();
    }

    @Override
    public void onChange(Runnable listener) {
    }

    @Override
    public void disruption(String agentId, long nanos, String what) {
    }
  };

  /** Every agent listed so far. */
  Set<String> agentIds();

  /** The status last listed ({@code online}, {@code offline}, {@code draining}), empty if never listed. */
  Optional<String> status(String agentId);

  /** Called (on any thread) after each observed status change. */
  void onChange(Runnable listener);

  /** A step disrupted {@code agentId} (null: every agent) at {@code nanos}: recovery times count from it. */
  void disruption(String agentId, long nanos, String what);
}
