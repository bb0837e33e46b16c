package io.loadstone.sandbox.controlplane;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser side of VNC: {@code /api/v1/vnc/{sessionId}} (token in {@code ?token=} or a Bearer header). Every check
 * answers in plain HTTP before the upgrade (401, 404, 403 not the owner, 409 not running, 503 agent away). One viewer
 * per session; a new one closes the old. Browser frames are binary RFB bytes, carried to the agent as base64
 * {@code vnc_data}; the agent's {@code vnc_data} comes back as binary frames. RFB is server-speaks-first and the agent
 * streams as soon as its tunnel is up, so bytes for a session without a viewer are buffered (bounded) and flushed when
 * one attaches; a viewer leaving sends {@code vnc_close} and drops that buffer, so the next one gets a fresh handshake.
 */
final class VncProxy {
  private static final Logger LOG = LoggerFactory.getLogger(VncProxy.class);
  static final int BUFFER_LIMIT_BYTES = 256 * 1024;

  private final AuthApi auth;
  private final SessionStore sessions;
  private final AgentLink agents;
  private final Map<String, ServerWebSocket> viewers = new HashMap<>();
  private final Map<String, Buffer> pending = new HashMap<>();

  VncProxy(AuthApi auth, SessionStore sessions, AgentLink agents) {
    this.auth = auth;
    this.sessions = sessions;
    this.agents = agents;
  }

  /** GET /api/v1/vnc/:sessionId */
  void connect(RoutingContext ctx) {
    String sessionId = ctx.pathParam("sessionId");
    String token = AuthApi.token(ctx);
    if (token == null) {
      Replies.error(ctx, 401, "Unauthorized", "a token is required (?token= or Authorization: Bearer)");
      return;
    }
    auth.authenticate(token).onComplete(ar -> {
      if (ar.failed()) {
        Replies.error(ctx, 401, "Unauthorized", "Invalid or expired token");
        return;
      }
      String user = ar.result().username();
      Optional<Session> found = sessions.find(sessionId);
      if (found.isEmpty()) {
        Replies.error(ctx, 404, "Session not found", "No session found with ID: " + sessionId);
        return;
      }
      Session session = found.get();
      if (!session.user.equals(user)) {
        LOG.info("user {} denied VNC access to session {} (owner: {})", user, sessionId, session.user);
        Replies.error(ctx, 403, "Access denied", "You do not own this session");
        return;
      }
      if (session.state != Session.State.RUNNING) {
        Replies.error(ctx, 409, "Session not running", "Session is not running (state: " + session.state.json() + ")");
        return;
      }
      if (!agents.connected(session.agentId)) {
        Replies.error(ctx, 503, "Agent not connected", "Agent " + session.agentId + " is not connected");
        return;
      }
      if (!ctx.request().canUpgradeToWebSocket()) {
        Replies.error(ctx, 400, "Bad Request", "expected a WebSocket upgrade");
        return;
      }
      ctx.request().toWebSocket()
          .onSuccess(ws -> attach(session, user, ws))
          .onFailure(err -> LOG.warn("VNC upgrade failed for session {}: {}", sessionId, err.getMessage()));
    });
  }

  private void attach(Session session, String user, ServerWebSocket ws) {
    String sessionId = session.name;
    ServerWebSocket previous = viewers.get(sessionId);
    if (previous != null) {
      LOG.info("closing the existing VNC viewer of session {}", sessionId);
      detach(session, previous, "client_disconnect");
      previous.close((short) 1000, "replaced by a new viewer");
    }
    // the agent may have closed in the meantime: the checks ran before the upgrade completed
    if (!agents.connected(session.agentId)) {
      ws.close((short) 1011, "agent not connected");
      return;
    }
    viewers.put(sessionId, ws);
    session.activeConnections++;
    LOG.info("VNC viewer attached to session {} (agent {}, user {})", sessionId, session.agentId, user);
    Buffer buffered = pending.remove(sessionId);
    if (buffered != null && buffered.length() > 0) {
      ws.writeBinaryMessage(buffered);
    }
    ws.binaryMessageHandler(data -> toAgent(session, ws, data));
    ws.textMessageHandler(text -> LOG.debug("session {}: text frame from the browser ignored (RFB is binary)", sessionId));
    ws.exceptionHandler(err -> LOG.debug("VNC viewer of session {}: {}", sessionId, err.getMessage()));
    ws.closeHandler(v -> {
      if (viewers.get(sessionId) == ws) {
        LOG.info("VNC viewer of session {} closed", sessionId);
        detach(session, ws, "client_disconnect");
      }
    });
  }

  private void toAgent(Session session, ServerWebSocket ws, Buffer data) {
    JsonObject payload = new JsonObject().put("sessionId", session.name)
        .put("data", Base64.getEncoder().encodeToString(data.getBytes()));
    agents.send(session.agentId, "vnc_data", payload).onFailure(err -> {
      LOG.warn("session {}: cannot relay to agent {}: {}", session.name, session.agentId, err.getMessage());
      ws.close((short) 1011, "agent not connected");
    });
  }

  private void detach(Session session, ServerWebSocket ws, String reason) {
    viewers.remove(session.name, ws);
    pending.remove(session.name);
    session.activeConnections = Math.max(0, session.activeConnections - 1);
    if (agents.connected(session.agentId)) {
      agents.send(session.agentId, "vnc_close", new JsonObject().put("sessionId", session.name).put("reason", reason))
          .onFailure(err -> LOG.debug("vnc_close for session {} not sent: {}", session.name, err.getMessage()));
    }
  }

  /** vnc_ready, vnc_data and vnc_error from an agent */
  void fromAgent(String agentId, String type, JsonObject payload) {
    String sessionId = payload.getString("sessionId");
    Optional<Session> session = sessionId == null ? Optional.empty() : sessions.find(sessionId);
    if (session.isEmpty() || !agentId.equals(session.get().agentId)) {
      LOG.warn("{} from agent {} for session {} it does not host, ignored", type, agentId, sessionId);
      return;
    }
    ServerWebSocket viewer = viewers.get(sessionId);
    switch (type) {
      case "vnc_ready" -> LOG.info("agent {}: VNC tunnel ready for session {} (port {}, pod {})", agentId, sessionId,
          payload.getValue("vncPort"), payload.getValue("podName"));
      case "vnc_error" -> {
        LOG.warn("agent {}: VNC error for session {}: {}", agentId, sessionId, payload.getValue("error"));
        pending.remove(sessionId);
        if (viewer != null) {
          viewer.close((short) 1011, "VNC tunnel error");
        }
      }
      default -> relayToViewer(sessionId, viewer, payload);
    }
  }

  private void relayToViewer(String sessionId, ServerWebSocket viewer, JsonObject payload) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(payload.getString("data", ""));
    } catch (IllegalArgumentException e) {
      LOG.warn("vnc_data for session {}: data is not base64, ignored", sessionId);
      return;
    }
    if (viewer != null) {
      viewer.writeBinaryMessage(Buffer.buffer(bytes));
      return;
    }
    Buffer buffer = pending.computeIfAbsent(sessionId, k -> Buffer.buffer());
    if (buffer.length() + bytes.length > BUFFER_LIMIT_BYTES) {
      // keeping the start keeps the RFB greeting a later viewer needs; the overflow is lost
      LOG.warn("session {}: VNC buffer full ({} bytes) with no viewer, {} bytes dropped", sessionId, buffer.length(), bytes.length);
      return;
    }
    buffer.appendBytes(bytes);
  }

  /** The agent's connection is gone: its viewers are closed and their buffers dropped. */
  void agentGone(String agentId) {
    List<String> affected = new ArrayList<>();
    for (String sessionId : viewers.keySet()) {
      sessions.find(sessionId).filter(s -> agentId.equals(s.agentId)).ifPresent(s -> affected.add(sessionId));
    }
    for (String sessionId : affected) {
      ServerWebSocket ws = viewers.remove(sessionId);
      sessions.find(sessionId).ifPresent(s -> s.activeConnections = Math.max(0, s.activeConnections - 1));
      ws.close((short) 1011, "agent disconnected");
    }
    pending.keySet().removeIf(id -> sessions.find(id).map(s -> agentId.equals(s.agentId)).orElse(true));
  }

  void closeAll() {
    for (ServerWebSocket ws : List.copyOf(viewers.values())) {
      ws.close((short) 1001, "control plane shutting down");
    }
    viewers.clear();
    pending.clear();
  }
}
