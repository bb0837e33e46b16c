package io.loadstone.sandbox.agent;

import io.loadstone.sandbox.fault.ActiveFault;
import io.loadstone.sandbox.fault.FaultKind;
import io.loadstone.sandbox.fault.Faults;
import java.util.Optional;

/**
 * The {@code agent-disconnect} fault (Test 3.1) as one agent's network sees it: while such a fault for this agent is
 * on and its {@code for} window is open (counted from when it was added; without {@code for}, until it is removed),
 * the control plane cannot be reached, so every reconnect attempt fails. The cut of the live WebSocket itself is
 * done once per added fault by the {@link AgentSupervisor}.
 */
final class NetworkCut {
  private final Faults faults;
  private final String agentId;

  NetworkCut(Faults faults, String agentId) {
    this.faults = faults;
    this.agentId = agentId;
  }

  /** The fault cutting this agent off right now, if any. */
  Optional<ActiveFault> cutting() {
    long now = System.nanoTime();
    return faults.activeFor(FaultKind.AGENT_DISCONNECT, agentId).stream().filter(f -> f.windowOpen(now)).findFirst();
  }

  static String describe(ActiveFault fault) {
    return "agent-disconnect (fault " + fault.id() + ")";
  }
}
