package io.loadstone.sandbox.controlplane;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent registration ({@code POST /api/v1/agents/register}, authenticated by {@code X-Agent-API-Key}) and the admin
 * agent API ({@code /api/v1/admin/agents}, JWT with role admin).
 */
final class AgentsApi {
  private static final Logger LOG = LoggerFactory.getLogger(AgentsApi.class);
  private static final Set<String> PLATFORMS = Set.of("kubernetes", "docker", "vm", "cloud");

  private final AgentRegistry registry;
  private final Ids ids;

  AgentsApi(AgentRegistry registry, Ids ids) {
    this.registry = registry;
    this.ids = ids;
  }

  /** 201 for a new agent (stored offline until it connects), 200 for a known one (set online). */
  void register(RoutingContext ctx) {
    String key = ctx.request().getHeader("X-Agent-API-Key");
    JsonObject body = null;
    try {
      body = Replies.bodyObject(ctx);
    } catch (Replies.BadRequest ignored) {
      // as the platform's middleware: an unreadable body just has no agentId
    }
    String agentId = body != null && body.getValue("agentId") instanceof String s ? s : "";
    AgentRegistry.KeyCheck check = registry.checkKey(agentId, key);
    if (refusedKeyFormat(ctx, check)) {
      return;
    }
    if (agentId.isEmpty()) {
      Replies.error(ctx, 400, "Missing agent_id", "agent_id must be provided in query parameter, path parameter, or request body");
      return;
    }
    if (check == AgentRegistry.KeyCheck.WRONG) {
      LOG.warn("agent {} tried to register with a wrong API key", agentId);
      Replies.json(ctx, 403, Replies.errorBody("Invalid API key", "The provided API key does not match the agent's registered key")
          .put("agentId", agentId));
      return;
    }
    String platform;
    String region;
    JsonObject capacity;
    JsonObject metadata;
    try {
      platform = Replies.optString(body, "platform");
      region = Replies.optString(body, "region");
      capacity = Replies.optObject(body, "capacity");
      metadata = Replies.optObject(body, "metadata");
      if (capacity != null) {
        Replies.optInt(capacity, "maxSessions");
        Replies.optString(capacity, "cpu");
        Replies.optString(capacity, "memory");
      }
    } catch (Replies.BadRequest e) {
      Replies.error(ctx, 400, "Invalid request", e.getMessage());
      return;
    }
    if (agentId.length() < 3 || agentId.length() > 100) {
      Replies.error(ctx, 400, "Invalid request", "agentId must be 3 to 100 characters");
      return;
    }
    if (platform == null || !PLATFORMS.contains(platform)) {
      Replies.error(ctx, 400, "Invalid platform", "Platform must be one of: kubernetes, docker, vm, cloud. Got: " + platform);
      return;
    }
    registry.rememberKey(agentId, key);
    Optional<Agent> known = registry.find(agentId);
    Agent agent = known.orElseGet(() -> registry.create(ids.uuid(), agentId));
    agent.platform = platform;
    agent.region = region;
    agent.capacity = capacity;
    agent.metadata = metadata;
    if (known.isPresent()) {
      registry.reregister(agent);
      LOG.info("agent {} re-registered (platform {}, region {})", agentId, platform, region);
      Replies.json(ctx, 200, agent.toJson());
    } else {
      agent.heartbeat();
      LOG.info("agent {} registered (platform {}, region {})", agentId, platform, region);
      Replies.json(ctx, 201, agent.toJson());
    }
  }

  /** GET /api/v1/admin/agents[?status=&platform=&region=] */
  void list(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    registry.list(ctx.request().getParam("status"), ctx.request().getParam("platform"), ctx.request().getParam("region"))
        .forEach(a -> out.add(a.toJson()));
    Replies.json(ctx, 200, new JsonObject().put("agents", out).put("total", out.size()));
  }

  /** GET /api/v1/admin/agents/:agentId */
  void get(RoutingContext ctx) {
    String agentId = ctx.pathParam("agentId");
    registry.find(agentId).ifPresentOrElse(a -> Replies.json(ctx, 200, a.toJson()), () -> notFound(ctx, agentId));
  }

  /** DELETE /api/v1/admin/agents/:agentId: the row goes; like the platform, a live connection is left alone. */
  void delete(RoutingContext ctx) {
    String agentId = ctx.pathParam("agentId");
    if (!registry.remove(agentId)) {
      notFound(ctx, agentId);
      return;
    }
    LOG.info("agent {} deregistered by an admin", agentId);
    Replies.json(ctx, 200, new JsonObject().put("message", "Agent deregistered successfully").put("agentId", agentId));
  }

  private static void notFound(RoutingContext ctx, String agentId) {
    Replies.json(ctx, 404, Replies.errorBody("Agent not found", "No agent registered with ID: " + agentId).put("agentId", agentId));
  }

  /** The platform's 401s for a missing or malformed agent key (register and connect share them); true if sent. */
  static boolean refusedKeyFormat(RoutingContext ctx, AgentRegistry.KeyCheck check) {
    if (check == AgentRegistry.KeyCheck.MISSING) {
      Replies.error(ctx, 401, "Missing API key", "X-Agent-API-Key header is required for agent authentication");
      return true;
    }
    if (check == AgentRegistry.KeyCheck.MALFORMED) {
      Replies.error(ctx, 401, "Invalid API key format", "API key must be 64 hexadecimal characters");
      return true;
    }
    return false;
  }
}
