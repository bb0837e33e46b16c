package io.loadstone.sandbox.truth;

import io.loadstone.sandbox.fault.ActiveFault;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What really happened in the sandbox, as the sandbox itself saw it: per session, the first time each
 * {@link TruthEvent} happened (monotonic {@code System.nanoTime()} and wall clock), its attributes (agent, pod,
 * pod IP) and the faults that touched it; per agent, its timeline; and every fault added, removed or fired.
 * Loadstone's measurements and diagnoses are checked against it. Thread-safe; the first occurrence of an
 * event wins, so repeated reports of the same fact do not move its time.
 */
public final class GroundTruth {
  private final Map<String, SessionTruth> sessions = new ConcurrentHashMap<>();
  private final Map<String, List<JsonObject>> agents = new ConcurrentHashMap<>();
  private final List<JsonObject> faultLog = Collections.synchronizedList(new ArrayList<>());

  public void session(String sessionId, TruthEvent event) {
    sessionTruth(sessionId).mark(event, System.nanoTime(), Instant.now());
  }

  /**
   * Marks {@code event} at an earlier instant of this JVM's {@code System.nanoTime()}: a request's arrival, stamped
   * before its body was read and checked, is when the platform had it, not when it got round to it.
   */
  public void session(String sessionId, TruthEvent event, long nanoTime) {
    long now = System.nanoTime();
    sessionTruth(sessionId).mark(event, nanoTime, Instant.now().minusNanos(Math.max(0, now - nanoTime)));
  }

  public void sessionAttribute(String sessionId, String key, String value) {
    sessionTruth(sessionId).attribute(key, value);
  }

  public Optional<SessionTruth> find(String sessionId) {
    return Optional.ofNullable(sessions.get(sessionId));
  }

  /**
   * Agent timeline entries {@code {event, detail?, nanos, wall}}: registered, connected, disconnected, online,
   * offline, reconnecting, reconnect-failed, heartbeat-stalled, heartbeat-resumed, kept-offline, crashed,
   * restarted, ... An entry written by the agent itself always has a detail; the control plane's own view of
   * connects and drops has none.
   */
  public void agent(String agentId, String event, String detail) {
    agent(agentId, event, detail, null);
  }

  /**
   * A command's fate on its agent's timeline ({@code command-held}, {@code command-redelivered}): the entry also
   * carries {@code session}, {@code command} (the command id) and {@code action}.
   */
  public void agentCommand(String agentId, String event, String sessionId, String commandId, String action,
                           String detail) {
    JsonObject fields = new JsonObject().put("command", commandId).put("action", action);
    if (sessionId != null) {
      fields.put("session", sessionId);
    }
    agent(agentId, event, detail, fields);
  }

  private void agent(String agentId, String event, String detail, JsonObject fields) {
    JsonObject entry = new JsonObject().put("event", event);
    if (detail != null) {
      entry.put("detail", detail);
    }
    if (fields != null) {
      entry.mergeIn(fields);
    }
    agents.computeIfAbsent(agentId, k -> Collections.synchronizedList(new ArrayList<>())).add(stamp(entry));
  }

  public void faultAdded(ActiveFault fault) {
    faultLog.add(stamp(new JsonObject().put("event", "added").put("fault", fault.id()).put("spec", fault.spec().toJson())));
  }

  public void faultRemoved(ActiveFault fault) {
    faultLog.add(stamp(new JsonObject().put("event", "removed").put("fault", fault.id()).put("kind", fault.kind().id())));
  }

  public void faultFired(ActiveFault fault, String sessionId, String agentId, String detail) {
    JsonObject entry = stamp(new JsonObject().put("event", "fired").put("fault", fault.id()).put("kind", fault.kind().id()));
    if (sessionId != null) {
      entry.put("session", sessionId);
      sessionTruth(sessionId).fault(fault.kind().id(), detail);
    }
    if (agentId != null) {
      entry.put("agent", agentId);
    }
    if (detail != null) {
      entry.put("detail", detail);
    }
    faultLog.add(entry);
  }

  public JsonObject toJson() {
    JsonObject out = new JsonObject();
    JsonObject s = new JsonObject();
    sessions.forEach((id, t) -> s.put(id, t.toJson()));
    out.put("sessions", s);
    JsonObject a = new JsonObject();
    agents.forEach((id, list) -> {
      synchronized (list) {
        a.put(id, new JsonArray(new ArrayList<>(list)));
      }
    });
    out.put("agents", a);
    synchronized (faultLog) {
      out.put("faults", new JsonArray(new ArrayList<>(faultLog)));
    }
    return out;
  }

  private SessionTruth sessionTruth(String sessionId) {
    return sessions.computeIfAbsent(sessionId, SessionTruth::new);
  }

  private static JsonObject stamp(JsonObject entry) {
    return entry.put("nanos", System.nanoTime()).put("wall", Instant.now().toString());
  }
}
