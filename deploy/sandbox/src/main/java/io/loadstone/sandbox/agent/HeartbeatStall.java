package io.loadstone.sandbox.agent;

import io.loadstone.sandbox.fault.ActiveFault;
import io.loadstone.sandbox.fault.FaultKind;
import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.truth.GroundTruth;
import java.util.Optional;

/**
 * The {@code heartbeat-stall} fault (Test 3.3): the connection stays up but heartbeats stop, for the fault's
 * {@code for} duration from when it was switched on (or until it is removed, without one). The stall's start
 * ({@code heartbeat-stalled}, with a firing of the fault) and end ({@code heartbeat-resumed}) are written to the
 * agent's ground-truth timeline once each. One per agent, kept across process restarts, so a crash during a stall
 * does not count as a second stall.
 */
final class HeartbeatStall {
  private final Faults faults;
  private final GroundTruth truth;
  private final String agentId;
  private long stalling = -1;

  HeartbeatStall(Faults faults, GroundTruth truth, String agentId) {
    this.faults = faults;
    this.truth = truth;
    this.agentId = agentId;
  }

  /** Called on the agent's context before each heartbeat. */
  synchronized boolean stalled() {
    long now = System.nanoTime();
    Optional<ActiveFault> fault = faults.activeFor(FaultKind.HEARTBEAT_STALL, agentId).stream()
        .filter(f -> f.windowOpen(now)).findFirst();
    if (fault.isPresent()) {
      ActiveFault f = fault.get();
      if (stalling != f.id()) {
        stalling = f.id();
        faults.fire(f, null, agentId, "heartbeats stopped, connection kept open");
        truth.agent(agentId, "heartbeat-stalled", "fault " + f.id());
      }
      return true;
    }
    if (stalling != -1) {
      truth.agent(agentId, "heartbeat-resumed", "fault " + stalling);
      stalling = -1;
    }
    return false;
  }
}
