package io.loadstone.sandbox.controlplane;

import io.loadstone.sandbox.fault.FaultKind;
import io.loadstone.sandbox.fault.Faults;
import java.util.Optional;

/**
 * One step of the dispatch policy: what happens to a command when a dispatcher worker takes it. Rules are asked in
 * order; the first with an opinion decides, and with none the command is written to the agent. The sandbox runs
 * two rules: {@link #whileDisconnected} (fail or hold a command whose agent is not connected), then the
 * {@link #dropStartCommand drop fault}.
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

  /**
   * A command whose agent is not connected. Where {@code command-lost-while-down} is on for the agent (by default:
   * the platform's dispatcher, contract 2.7) it is failed with "agent is not connected", never to be re-sent, and
   * the firing names session, agent and command. Otherwise (sandbox switch {@code redeliverCommands}, or the
   * default fault removed) it is held and sent when the agent connects again, as the design documents promise.
   */
  static DispatchRule whileDisconnected(Faults faults) {
    return (command, connected) -> {
      if (connected) {
        return Optional.empty();
      }
      String detail = command.action + " " + command.commandId + " failed: agent is not connected";
      return Optional.of(faults.trigger(FaultKind.COMMAND_LOST_WHILE_DOWN, command.sessionId, command.agentId, detail)
          .map(f -> Decision.fail("agent is not connected"))
          .orElseGet(() -> Decision.hold("agent is not connected; kept pending until it reconnects")));
    };
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
