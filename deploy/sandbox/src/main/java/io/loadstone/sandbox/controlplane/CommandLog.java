package io.loadstone.sandbox.controlplane;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every command the control plane created ({@code agent_commands}), in creation order, on its event loop. */
final class CommandLog {
  private final Map<String, Command> commands = new LinkedHashMap<>();

  void add(Command command) {
    commands.put(command.commandId, command);
  }

  Optional<Command> find(String commandId) {
    return Optional.ofNullable(commands.get(commandId));
  }

  /** filters are optional (null = any) */
  List<Command> list(String sessionId, String agentId, String action) {
    List<Command> out = new ArrayList<>();
    for (Command c : commands.values()) {
      if ((sessionId == null || sessionId.equals(c.sessionId)) && (agentId == null || agentId.equals(c.agentId))
          && (action == null || action.equals(c.action))) {
        out.add(c);
      }
    }
    return out;
  }
}
