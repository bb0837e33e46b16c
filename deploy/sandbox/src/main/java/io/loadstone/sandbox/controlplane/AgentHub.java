package io.loadstone.sandbox.controlplane;

import io.loadstone.sandbox.config.Timings;
import io.loadstone.sandbox.truth.GroundTruth;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' WebSocket endpoint ({@code /api/v1/agents/connect?agent_id=}) and the hub behind it: one live
 * connection per agent (a new one closes the old), a ping every {@code wsPingInterval}, a connection silent for
 * {@code wsPongWait} dropped, and an agent without heartbeat for {@code staleAfter} unregistered and set offline, as
 * the platform's hub does every {@code hubCheckInterval}. Inbound messages go to the {@link AgentMessageHandler}.
 * Everything runs on the control plane's event loop.
 */
final class AgentHub implements AgentLink {
  private static final Logger LOG = LoggerFactory.getLogger(AgentHub.class);

  /** one agent WebSocket */
  static final class Connection {
    final String agentId;
    final ServerWebSocket ws;
    /** last heartbeat (or the connection itself): the hub's stale check */
    long lastPingNanos = System.nanoTime();
    /** last frame of any kind, pongs included: the pong-wait check */
    long lastTrafficNanos = lastPingNanos;

    Connection(String agentId, ServerWebSocket ws) {
      this.agentId = agentId;
      this.ws = ws;
    }
  }

  private final AgentRegistry registry;
  private final GroundTruth truth;
  private final Timings timings;
  private final Map<String, Connection> connections = new HashMap<>();
  private final List<Consumer<String>> connectListeners = new ArrayList<>();
  private final List<Consumer<String>> disconnectListeners = new ArrayList<>();
  private AgentMessageHandler messages;

  AgentHub(AgentRegistry registry, GroundTruth truth, Timings timings) {
    this.registry = registry;
    this.truth = truth;
    this.timings = timings;
  }

  void messageHandler(AgentMessageHandler messages) {
    this.messages = messages;
  }

  void onConnected(Consumer<String> listener) {
    connectListeners.add(listener);
  }

  void onDisconnected(Consumer<String> listener) {
    disconnectListeners.add(listener);
  }

  @Override
  public boolean connected(String agentId) {
    return connections.containsKey(agentId);
  }

  Optional<Connection> connection(String agentId) {
    return Optional.ofNullable(connections.get(agentId));
  }

  @Override
  public Future<Void> send(String agentId, String type, JsonObject payload) {
    Connection c = connections.get(agentId);
    if (c == null) {
      return Future.failedFuture("agent " + agentId + " is not connected");
    }
    return c.ws.writeTextMessage(AgentLink.envelope(type, payload).encode());
  }

  /** GET /api/v1/agents/connect: the platform's checks answer in plain HTTP, before the upgrade. */
  void connect(RoutingContext ctx) {
    String key = ctx.request().getHeader("X-Agent-API-Key");
    String agentId = ctx.request().getParam("agent_id");
    AgentRegistry.KeyCheck check = registry.checkKey(agentId == null ? "" : agentId, key);
    if (AgentsApi.refusedKeyFormat(ctx, check)) {
      return;
    }
    if (agentId == null || agentId.isEmpty()) {
      Replies.error(ctx, 400, "Missing agent_id", "agent_id query parameter is required");
      return;
    }
    Optional<Agent> agent = registry.find(agentId);
    if (agent.isEmpty()) {
      Replies.json(ctx, 404, Replies.errorBody("Agent not found", "Agent must register before connecting via WebSocket")
          .put("agentId", agentId));
      return;
    }
    if (check == AgentRegistry.KeyCheck.WRONG) {
      LOG.warn("agent {} tried to connect with a wrong API key", agentId);
      Replies.json(ctx, 403, Replies.errorBody("Invalid API key", "The provided API key does not match the agent's registered key")
          .put("agentId", agentId));
      return;
    }
    if (!ctx.request().canUpgradeToWebSocket()) {
      Replies.error(ctx, 400, "Bad Request", "expected a WebSocket upgrade");
      return;
    }
    ctx.request().toWebSocket()
        .onSuccess(ws -> attach(agent.get(), ws))
        .onFailure(err -> LOG.warn("WebSocket upgrade failed for agent {}: {}", agentId, err.getMessage()));
  }

  private void attach(Agent agent, ServerWebSocket ws) {
    String agentId = agent.agentId;
    Connection previous = connections.remove(agentId);
    if (previous != null) {
      LOG.info("agent {} already connected, closing the old connection", agentId);
      truth.agent(agentId, "replaced", "a second connection closed the first");
      previous.ws.close((short) 1000, "replaced by a new connection");
    }
    Connection conn = new Connection(agentId, ws);
    connections.put(agentId, conn);
    ws.textMessageHandler(text -> {
      conn.lastTrafficNanos = System.nanoTime();
      messages.handle(conn, text);
    });
    ws.binaryMessageHandler(data -> {
      conn.lastTrafficNanos = System.nanoTime();
      LOG.warn("agent {} sent a binary frame ({} bytes); the protocol is JSON text, ignored", agentId, data.length());
    });
    ws.pongHandler(data -> conn.lastTrafficNanos = System.nanoTime());
    ws.exceptionHandler(err -> LOG.debug("agent {} WebSocket error: {}", agentId, err.getMessage()));
    ws.closeHandler(v -> {
      if (connections.get(agentId) == conn) {
        LOG.info("agent {} disconnected", agentId);
        connections.remove(agentId);
        truth.agent(agentId, "disconnected", null);
        lost(agentId, "connection closed");
      }
    });
    truth.agent(agentId, "connected", null);
    LOG.info("agent {} connected (platform: {}), {} connection(s)", agentId, agent.platform, connections.size());
    registry.connected(agent);
    connectListeners.forEach(l -> l.accept(agentId));
  }

  /** Runs every {@code hubCheckInterval}: stale heartbeats and silent connections. */
  void check() {
    long now = System.nanoTime();
    for (Connection c : List.copyOf(connections.values())) {
      if (now - c.lastPingNanos > timings.staleAfter().toNanos()) {
        String detail = "no heartbeat for more than " + timings.staleAfter().toMillis() + " ms";
        LOG.warn("agent {}: stale connection ({}), unregistering", c.agentId, detail);
        // the registry writes "offline" with this detail
        drop(c, detail);
      } else if (now - c.lastTrafficNanos > timings.wsPongWait().toNanos()) {
        String detail = "nothing received for more than " + timings.wsPongWait().toMillis() + " ms";
        LOG.warn("agent {}: {} (pong wait), closing", c.agentId, detail);
        truth.agent(c.agentId, "disconnected", detail);
        drop(c, detail);
      }
    }
  }

  /** Runs every {@code wsPingInterval}. */
  void ping() {
    for (Connection c : connections.values()) {
      c.ws.writePing(Buffer.buffer()).onFailure(err -> LOG.debug("ping to agent {} failed: {}", c.agentId, err.getMessage()));
    }
  }

  /** A heartbeat arrived on this connection. */
  void heartbeat(Connection c) {
    c.lastPingNanos = System.nanoTime();
  }

  private void drop(Connection c, String why) {
    connections.remove(c.agentId);
    lost(c.agentId, why);
    c.ws.close((short) 1001, "stale connection").onFailure(err -> LOG.debug("closing agent {}: {}", c.agentId, err.getMessage()));
  }

  private void lost(String agentId, String why) {
    registry.find(agentId).ifPresent(a -> registry.markOffline(a, why));
    disconnectListeners.forEach(l -> l.accept(agentId));
  }

  Future<Void> closeAll() {
    List<Future<Void>> closing = new ArrayList<>();
    for (Connection c : List.copyOf(connections.values())) {
      connections.remove(c.agentId);
      closing.add(c.ws.close((short) 1001, "control plane shutting down").recover(err -> Future.succeededFuture()));
    }
    return Future.join(closing).mapEmpty();
  }
}
