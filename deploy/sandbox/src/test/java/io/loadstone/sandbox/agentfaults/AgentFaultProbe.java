package io.loadstone.sandbox.agentfaults;

import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.sandbox.fault.ActiveFault;
import io.loadstone.sandbox.testing.TestSandbox;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * What the agent-fault tests read from a {@link TestSandbox}: the admin agents API (status, timestamps), the
 * sandbox fault API and the ground truth (agent timelines, fault firings). Blocking, for test threads.
 */
final class AgentFaultProbe {
  private final TestSandbox sb;

  AgentFaultProbe(TestSandbox sb) {
    this.sb = sb;
  }

  /** GET /api/v1/admin/agents/{id} */
  JsonObject agent(String agentId) {
    var resp = sb.get("/api/v1/admin/agents/" + agentId);
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(200);
    return resp.bodyAsJsonObject();
  }

  String status(String agentId) {
    return agent(agentId).getString("status");
  }

  Instant lastHeartbeat(String agentId) {
    return Instant.parse(agent(agentId).getString("lastHeartbeat"));
  }

  /** POST /sandbox/v1/faults; returns the new fault's id */
  long addFault(JsonObject spec) {
    var resp = sb.post("/sandbox/v1/faults", spec);
    assertThat(resp.statusCode()).as(resp.bodyAsString()).isEqualTo(201);
    return resp.bodyAsJsonObject().getLong("id");
  }

  void removeFault(long id) {
    assertThat(sb.delete("/sandbox/v1/faults/" + id).statusCode()).isEqualTo(200);
  }

  /** The id of the one active fault of this kind (a configured one). */
  long faultId(String kind) {
    return fault(kind).id();
  }

  ActiveFault fault(String kind) {
    return sb.sandbox().faults().active().stream().filter(f -> f.kind().id().equals(kind)).findFirst().orElseThrow();
  }

  /** The agent's timeline entries with this event, in order (control plane and agent entries alike). */
  List<JsonObject> timeline(String agentId, String event) {
    var entries = sb.sandbox().truth().toJson().getJsonObject("agents").getJsonArray(agentId);
    if (entries == null) {
      return List.of();
    }
    return entries.stream().map(JsonObject.class::cast).filter(e -> event.equals(e.getString("event"))).toList();
  }

  /** The agent's own entries (they carry a detail) with this event. */
  List<JsonObject> agentSays(String agentId, String event) {
    return timeline(agentId, event).stream().filter(e -> e.getString("detail") != null).toList();
  }

  /** Ground-truth fault firings of this kind. */
  List<JsonObject> firings(String kind) {
    return sb.sandbox().truth().toJson().getJsonArray("faults").stream().map(JsonObject.class::cast)
        .filter(e -> "fired".equals(e.getString("event")) && kind.equals(e.getString("kind"))).toList();
  }

  int createStatus() {
    return sb.createSession("512Mi", "250m", false).statusCode();
  }
}
