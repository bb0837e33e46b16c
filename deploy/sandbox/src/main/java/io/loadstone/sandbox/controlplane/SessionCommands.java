package io.loadstone.sandbox.controlplane;

import io.vertx.core.json.JsonObject;

/** Creates command rows ({@code pending}) and hands them to the dispatcher: the one path every command takes. */
final class SessionCommands {
  private final CommandLog log;
  private final CommandDispatcher dispatcher;
  private final Ids ids;

  SessionCommands(CommandLog log, CommandDispatcher dispatcher, Ids ids) {
    this.log = log;
    this.dispatcher = dispatcher;
    this.ids = ids;
  }

  Command create(String agentId, String sessionId, String action, JsonObject payload, String commandId) {
    Command command = new Command(ids.uuid(), commandId, agentId, sessionId, action, payload);
    log.add(command);
    return command;
  }

  /** false when the dispatcher's queue is full; the command then stays pending, as in the platform */
  boolean dispatch(Command command) {
    return dispatcher.dispatch(command);
  }
}
