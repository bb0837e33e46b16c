package io.loadstone.sandbox.controlplane;

import io.loadstone.sandbox.truth.GroundTruth;
import io.loadstone.sandbox.truth.TruthEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's command dispatcher on one event loop: a bounded queue ({@code commandQueueCapacity}) drained by
 * {@code commandWorkers} concurrent workers. A worker asks the {@link DispatchRule}s what to do with the command, then
 * writes it to the agent (status {@code sent}), drops it, fails it, or holds it for the agent's next connection.
 * Queueing never blocks; a full queue is refused, as the platform's {@code DispatchCommand} is.
 */
final class CommandDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

  private final Context context;
  private final AgentLink agents;
  private final GroundTruth truth;
  private final int capacity;
  private final int workers;
  private final List<DispatchRule> rules = new ArrayList<>();
  private final ArrayDeque<Command> queue = new ArrayDeque<>();
  private final Map<String, List<Command>> held = new HashMap<>();
  private int busy;

  CommandDispatcher(Context context, AgentLink agents, GroundTruth truth, int capacity, int workers,
                    List<DispatchRule> rules) {
    this.context = context;
    this.agents = agents;
    this.truth = truth;
    this.capacity = capacity;
    this.workers = workers;
    this.rules.addAll(rules);
  }

  /** Puts a rule in front of the others (faults and switches added at run time take precedence). */
  void addFirst(DispatchRule rule) {
    rules.add(0, rule);
  }

  /** Queues a pending command; false when the queue is full (the caller answers 500, as the platform does). */
  boolean dispatch(Command command) {
    if (queue.size() >= capacity) {
      LOG.warn("command queue is full ({}), command {} for agent {} refused", capacity, command.commandId, command.agentId);
      return false;
    }
    queue.add(command);
    LOG.debug("queued command {} for agent {} (action: {})", command.commandId, command.agentId, command.action);
    // workers run after the current handler returns, like the platform's goroutines after DispatchCommand
    context.runOnContext(v -> pump());
    return true;
  }

  /**
   * Redelivers the commands held for this agent, in the order they were held (creation order), each recorded as
   * {@code command-redelivered} on the agent's timeline. Only a {@link DispatchRule.Outcome#HOLD} puts any there.
   */
  void agentConnected(String agentId) {
    List<Command> waiting = held.remove(agentId);
    if (waiting != null) {
      LOG.info("agent {} connected: redelivering {} held command(s)", agentId, waiting.size());
      for (Command command : waiting) {
        truth.agentCommand(agentId, "command-redelivered", command.sessionId, command.commandId, command.action,
            command.action + " " + command.commandId + " dispatched again on reconnect");
        if (!dispatch(command)) {
          command.markFailed("command queue is full");
        }
      }
    }
  }

  int queued() {
    return queue.size();
  }

  private void pump() {
    while (busy < workers && !queue.isEmpty()) {
      Command command = queue.poll();
      busy++;
      process(command).onComplete(ar -> {
        busy--;
        pump();
      });
    }
  }

  private Future<Void> process(Command command) {
    boolean connected = agents.connected(command.agentId);
    DispatchRule.Decision decision = decide(command, connected);
    switch (decision.outcome()) {
      case FAIL -> {
        LOG.info("command {} for agent {} failed at dispatch: {}", command.commandId, command.agentId, decision.reason());
        command.markFailed(decision.reason());
        return Future.succeededFuture();
      }
      case HOLD -> {
        LOG.info("command {} held for agent {}: {}", command.commandId, command.agentId, decision.reason());
        held.computeIfAbsent(command.agentId, k -> new ArrayList<>()).add(command);
        truth.agentCommand(command.agentId, "command-held", command.sessionId, command.commandId, command.action,
            command.action + " " + command.commandId + " kept pending: " + decision.reason());
        return Future.succeededFuture();
      }
      case DROP -> {
        LOG.info("command {} for agent {} (session {}) recorded sent but dropped: {}", command.commandId,
            command.agentId, command.sessionId, decision.reason());
        command.markSent();
        leftControlPlane(command);
        return Future.succeededFuture();
      }
      default -> {
        // sent as soon as it is handed to the connection, as the platform marks it after the channel send
        command.markSent();
        leftControlPlane(command);
        return agents.send(command.agentId, "command", command.wirePayload())
            .onSuccess(v -> LOG.debug("sent command {} to agent {}", command.commandId, command.agentId))
            .recover(err -> {
              LOG.warn("failed to send command {} to agent {}: {}", command.commandId, command.agentId, err.getMessage());
              command.markFailed(err.getMessage());
              return Future.succeededFuture();
            });
      }
    }
  }

  private DispatchRule.Decision decide(Command command, boolean connected) {
    for (DispatchRule rule : rules) {
      Optional<DispatchRule.Decision> decision = rule.decide(command, connected);
      if (decision.isPresent()) {
        return decision.get();
      }
    }
    return new DispatchRule.Decision(DispatchRule.Outcome.SEND, null);
  }

  private void leftControlPlane(Command command) {
    if ("start_session".equals(command.action) && command.sessionId != null) {
      truth.session(command.sessionId, TruthEvent.START_DISPATCHED);
    }
  }
}
