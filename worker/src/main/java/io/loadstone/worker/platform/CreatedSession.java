package io.loadstone.worker.platform;

import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's answer to a create: the session id ({@code name}), the agent chosen and the start command's id
 * as read from {@code status.message} ("Session provisioning in progress (agent: X, command: cmd-1a2b3c4d)"), the
 * state, and the whole JSON as received. {@code agentId} and {@code commandId} are null when the message does not
 * have that form (the platform's wording is the only place they appear). {@code sentNanos}: when the create went on
 * the wire (this JVM's {@code System.nanoTime()}), the origin of the session's phase times.
 */
public record CreatedSession(String name, String agentId, String commandId, String state, JsonObject raw,
                             long sentNanos) {
  private static final Pattern PROVISIONING = Pattern.compile("\\(agent: ([^,()]+), command: ([^,()\\s]+)\\)");

  static CreatedSession fromJson(JsonObject json, long sentNanos) {
    String name = SessionView.idOf(json);
    JsonObject status = json.getValue("status") instanceof JsonObject s ? s : new JsonObject();
    String message = status.getValue("message") instanceof String m ? m : "";
    Matcher matcher = PROVISIONING.matcher(message);
    String agent = null;
    String command = null;
    if (matcher.find()) {
      agent = matcher.group(1).trim();
      command = matcher.group(2).trim();
    }
    return new CreatedSession(name, agent, command, json.getValue("state") instanceof String st ? st : null, json,
        sentNanos);
  }
}
