package io.loadstone.orchestrator.agents;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A platform over real HTTP whose agent list the test writes: login, and {@code GET /api/v1/admin/agents} answering
 * the agents as set (or 500 while {@link #failing}). For agent stories the sandbox cannot tell yet (an agent listed
 * offline while heartbeating) and for exact timelines.
 */
final class ScriptedPlatform implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, JsonObject> agents = new LinkedHashMap<>();
  private volatile boolean failing;
  private volatile int listed;

  ScriptedPlatform(Vertx vertx) throws Exception {
    server = vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/api/v1/auth/login")) {
        req.response().putHeader("content-type", "application/json").end(new JsonObject().put("token", "scripted-jwt")
            .put("expiresAt", Instant.now().plusSeconds(3600).toString()).encode());
      } else if (req.path().equals("/api/v1/admin/agents")) {
        if (failing) {
          req.response().setStatusCode(500).end(new JsonObject().put("error", "Internal error").encode());
          return;
        }
        JsonArray rows = new JsonArray();
        synchronized (agents) {
          agents.values().forEach(a -> rows.add(a.copy()));
        }
        listed++;
        req.response().putHeader("content-type", "application/json")
            .end(new JsonObject().put("agents", rows).put("total", rows.size()).encode());
      } else {
        req.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Sets (or replaces) an agent's row: status, lastHeartbeat and updatedAt (platform clock). */
  void agent(String id, String status, Instant lastHeartbeat, Instant updatedAt) {
    synchronized (agents) {
      agents.put(id, new JsonObject().put("id", "uuid-" + id).put("agentId", id).put("status", status)
          .put("lastHeartbeat", lastHeartbeat.toString()).put("updatedAt", updatedAt.toString())
          .put("capacity", new JsonObject().put("maxSessions", 100)));
    }
  }

  void remove(String id) {
    synchronized (agents) {
      agents.remove(id);
    }
  }

  void failing(boolean failing) {
    this.failing = failing;
  }

  /** Answered list calls so far. */
  int listed() {
    return listed;
  }

  @Override
  public void close() throws Exception {
    Future<Void> closed = server.close();
    closed.await(10, TimeUnit.SECONDS);
  }
}
