package io.loadstone.sandbox.agent;

import io.loadstone.sandbox.fault.ActiveFault;
import io.loadstone.sandbox.fault.FaultKind;
import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.truth.GroundTruth;
import java.util.Optional;

/**
 * The {@code heartbeat-stall} fault (Test 3.3): the connection stays up but heartbeats stop, for the fault's
 * {@code for} duration from when it was switched on (or until it is removed, without one). The stall's start and
 * end are written to the agent's ground-truth timeline once each.
 */
final class HeartbeatStall {
  private final Faults faults;
  private final GroundTruth truth;
  private final String agentId;
  private long announcedFault = -1;
  private long endedFault = -1;

  HeartbeatStall(Faults faults, GroundTruth truth, String agentId) {
    this.faults = faults;
    this.truth = truth;
    this.agentId = agentId;
  }

  /** Called on the agent's context before each heartbeat. */
  boolean stalled() {
    Optional<ActiveFault> fault = faults.standing(FaultKind.HEARTBEAT_STALL, agentId);
    if (fault.isEmpty()) {
      return false;
    }
    ActiveFault f = fault.get();
    boolean within = f.spec().forDuration() == null
        || System.nanoTime() - f.addedNanos() < f.spec().forDuration().toNanos();
    if (within && announcedFault != f.id()) {
      announcedFault = f.id();
      faults.trigger(FaultKind.HEARTBEAT_STALL, null, agentId, "heartbeats stopped, connection kept open");
      truth.agent(agentId, "heartbeat-stalled", "fault " + f.id());
    } else if (!within && endedFault != f.id()) {
      endedFault = f.id();
      truth.agent(agentId, "heartbeat-resumed", "fault " + f.id());
    }
    return within;
  }
}
