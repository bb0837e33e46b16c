package io.loadstone.sandbox.controlplane;

import io.loadstone.sandbox.fault.FaultKind;
import io.loadstone.sandbox.fault.Faults;
import java.util.Optional;

/**
 * One step of the dispatch policy: what happens to a command when a dispatcher worker takes it. Rules are asked in
 * order; the first with an opinion decides, and with none the command is written to the agent. The platform's own
 * behaviour is two rules ({@link #failWhenDisconnected()}, then the {@link #dropStartCommand drop fault}); faults
 * such as {@code command-lost-while-down}, or a "redeliver on reconnect" switch ({@link Outcome#HOLD}), are further
 * rules put in front.
 */
interface DispatchRule {
  enum Outcome {
    /** write it to the agent's WebSocket (status sent) */
    SEND,
    /** record it sent but never write it: lost on the wire */
    DROP,
    /** mark it failed with the reason, never to be sent again */
    FAIL,
    /** keep it pending and dispatch it again when the agent connects (not the platform's behaviour) */
    HOLD
  }

  record Decision(Outcome outcome, String reason) {
    static Decision fail(String reason) {
      return new Decision(Outcome.FAIL, reason);
    }

    static Decision drop(String reason) {
      return new Decision(Outcome.DROP, reason);
    }

    static Decision hold(String reason) {
      return new Decision(Outcome.HOLD, reason);
    }
  }

  /** empty = no opinion; the next rule decides */
  Optional<Decision> decide(Command command, boolean agentConnected);

  /** The platform's dispatcher: an agent that is not connected gets its command failed, not kept. */
  static DispatchRule failWhenDisconnected() {
    return (command, connected) -> connected ? Optional.empty() : Optional.of(Decision.fail("agent is not connected"));
  }

  /** Fault {@code drop-start-command}: the start_session leaves the control plane and never reaches the agent. */
  static DispatchRule dropStartCommand(Faults faults) {
    return (command, connected) -> {
      if (!"start_session".equals(command.action)) {
        return Optional.empty();
      }
      String detail = "start_session " + command.commandId + " dropped";
      return faults.trigger(FaultKind.DROP_START_COMMAND, command.sessionId, command.agentId, detail)
          .map(f -> Decision.drop(detail));
    };
  }
}
