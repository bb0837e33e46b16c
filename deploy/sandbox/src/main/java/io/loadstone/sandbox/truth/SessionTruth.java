package io.loadstone.sandbox.truth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The ground truth of one session; see {@link GroundTruth}. */
public final class SessionTruth {
  private final String sessionId;
  private final Map<TruthEvent, long[]> nanos = new EnumMap<>(TruthEvent.class);
  private final Map<TruthEvent, Instant> walls = new EnumMap<>(TruthEvent.class);
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private final List<JsonObject> faults = new ArrayList<>();

  SessionTruth(String sessionId) {
    this.sessionId = sessionId;
  }

  public String sessionId() {
    return sessionId;
  }

  synchronized void mark(TruthEvent event, long nanoTime, Instant wall) {
    if (!nanos.containsKey(event)) {
      nanos.put(event, new long[] {nanoTime});
      walls.put(event, wall);
    }
  }

  synchronized void attribute(String key, String value) {
    attributes.put(key, value);
  }

  synchronized void fault(String kind, String detail) {
    JsonObject f = new JsonObject().put("kind", kind).put("nanos", System.nanoTime()).put("wall", Instant.now().toString());
    if (detail != null) {
      f.put("detail", detail);
    }
    faults.add(f);
  }

  /** Monotonic time of the event, if it happened. */
  public synchronized OptionalLong nanos(TruthEvent event) {
    long[] v = nanos.get(event);
    return v == null ? OptionalLong.empty() : OptionalLong.of(v[0]);
  }

  public synchronized String attribute(String key) {
    return attributes.get(key);
  }

  public synchronized List<String> faultKinds() {
    return faults.stream().map(f -> f.getString("kind")).toList();
  }

  public synchronized JsonObject toJson() {
    JsonObject events = new JsonObject();
    nanos.forEach((e, v) -> events.put(e.jsonName(), new JsonObject().put("nanos", v[0]).put("wall", walls.get(e).toString())));
    return new JsonObject().put("session", sessionId).put("events", events)
        .put("attributes", new JsonObject(new LinkedHashMap<>(attributes))).put("faults", new JsonArray(new ArrayList<>(faults)));
  }
}
