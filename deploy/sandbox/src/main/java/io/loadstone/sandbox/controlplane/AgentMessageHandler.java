package io.loadstone.sandbox.controlplane;

import io.loadstone.sandbox.truth.GroundTruth;
import io.loadstone.sandbox.truth.TruthEvent;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the control plane does with each message an agent sends ({@code {type, timestamp, payload}}): heartbeats,
 * the command lifecycle ({@code ack}, {@code complete}, {@code failed}), session {@code status}, and the VNC stream.
 * A malformed message is logged (with the agent id) and ignored; it never closes the connection.
 */
final class AgentMessageHandler {
  private static final Logger LOG = LoggerFactory.getLogger(AgentMessageHandler.class);

  private final AgentHub hub;
  private final AgentRegistry registry;
  private final SessionStore sessions;
  private final CommandLog commands;
  private final VncProxy vnc;
  private final GroundTruth truth;

  AgentMessageHandler(AgentHub hub, AgentRegistry registry, SessionStore sessions, CommandLog commands, VncProxy vnc,
                      GroundTruth truth) {
    this.hub = hub;
    this.registry = registry;
    this.sessions = sessions;
    this.commands = commands;
    this.vnc = vnc;
    this.truth = truth;
  }

  void handle(AgentHub.Connection conn, String text) {
    String agentId = conn.agentId;
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      LOG.warn("invalid message from agent {}: not a JSON object", agentId);
      return;
    }
    Object type = message.getValue("type");
    Object payloadValue = message.getValue("payload");
    if (!(type instanceof String)) {
      LOG.warn("invalid message from agent {}: no string 'type'", agentId);
      return;
    }
    JsonObject payload = payloadValue instanceof JsonObject p ? p : null;
    if (payload == null && !"heartbeat".equals(type)) {
      LOG.warn("invalid {} from agent {}: 'payload' is not an object", type, agentId);
      return;
    }
    try {
      switch ((String) type) {
        case "heartbeat" -> heartbeat(conn, payload);
        case "ack" -> command(agentId, payload, "ack");
        case "complete" -> command(agentId, payload, "complete");
        case "failed" -> command(agentId, payload, "failed");
        case "status" -> status(agentId, payload);
        case "vnc_ready", "vnc_data", "vnc_error" -> vnc.fromAgent(agentId, (String) type, payload);
        default -> LOG.warn("unknown message type from agent {}: {}", agentId, type);
      }
    } catch (ClassCastException e) {
      LOG.warn("invalid {} from agent {}: a field has the wrong type", type, agentId);
    }
  }

  private void heartbeat(AgentHub.Connection conn, JsonObject payload) {
    hub.heartbeat(conn);
    Optional<Agent> agent = registry.find(conn.agentId);
    if (agent.isEmpty()) {
      // an admin deleted the row while the agent stayed connected; every heartbeat would repeat this
      LOG.debug("heartbeat from agent {} which is no longer registered", conn.agentId);
      return;
    }
    registry.heartbeat(agent.get());
    if (payload != null && payload.getValue("capacity") instanceof JsonObject capacity) {
      agent.get().capacity = capacity;
    }
    LOG.debug("heartbeat from agent {} (status: {}, activeSessions: {})", conn.agentId,
        payload == null ? null : payload.getValue("status"), payload == null ? null : payload.getValue("activeSessions"));
  }

  private void command(String agentId, JsonObject payload, String kind) {
    String commandId = payload.getString("commandId");
    if (commandId == null || commandId.isEmpty()) {
      LOG.warn("invalid {} from agent {}: no commandId", kind, agentId);
      return;
    }
    Optional<Command> found = commands.find(commandId).filter(c -> c.agentId.equals(agentId));
    if (found.isEmpty()) {
      LOG.warn("{} from agent {} for unknown command {}", kind, agentId, commandId);
      return;
    }
    Command command = found.get();
    switch (kind) {
      case "ack" -> command.markAcknowledged();
      case "complete" -> command.markCompleted();
      default -> {
        String error = payload.getValue("error") instanceof String s ? s : String.valueOf(payload.getValue("error"));
        command.markFailed(error);
        // as the platform: a failed command leaves its session's state alone (only the reconciler fails sessions)
        LOG.warn("agent {} failed command {} ({} for session {}): {}", agentId, commandId, command.action,
            command.sessionId, error);
        return;
      }
    }
    LOG.debug("agent {}: command {} {}", agentId, commandId, command.status.json());
  }

  private void status(String agentId, JsonObject payload) {
    String sessionId = payload.getString("sessionId");
    String stateValue = payload.getString("state");
    Optional<Session.State> state = Session.State.fromJson(stateValue);
    if (sessionId == null || state.isEmpty()) {
      LOG.warn("invalid status from agent {}: sessionId {} state {}", agentId, sessionId, stateValue);
      return;
    }
    Optional<Session> found = sessions.find(sessionId);
    if (found.isEmpty()) {
      LOG.warn("status from agent {} for unknown session {}", agentId, sessionId);
      return;
    }
    Session session = found.get();
    boolean vncReady = Boolean.TRUE.equals(payload.getValue("vncReady"));
    int vncPort = payload.getValue("vncPort") instanceof Number n ? n.intValue() : 0;
    String podName = "";
    if (payload.getValue("platformMetadata") instanceof JsonObject meta && meta.getValue("podName") instanceof String p) {
      podName = p;
    }
    // the platform writes the reported state whatever the current one is, and points url at its own VNC route
    session.setState(state.get());
    session.podName = podName;
    session.url = vncReady && vncPort > 0 ? "/api/v1/sessions/" + sessionId + "/vnc" : "";
    session.lastActivity = Instant.now();
    if (state.get() == Session.State.RUNNING) {
      truth.session(sessionId, TruthEvent.RUNNING);
    }
    LOG.info("session {}: state {} (agent {}, pod {})", sessionId, state.get().json(), agentId, podName);
  }
}
