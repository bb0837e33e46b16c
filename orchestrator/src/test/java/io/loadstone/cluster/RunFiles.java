package io.loadstone.cluster;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads what a run wrote, while it runs (a torn last line of events.jsonl is skipped) or after. */
public final class RunFiles {
  private RunFiles() {
  }

  public static List<JsonObject> events(Path file) {
    List<JsonObject> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(file)) {
        try {
          out.add(new JsonObject(line));
        } catch (RuntimeException torn) {
          // the writer is mid-line
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** Sessions of {@code node} that are running and not yet being deleted. */
  public static long liveOn(Path eventsFile, String node) {
    List<JsonObject> events = events(eventsFile);
    var running = events.stream().filter(e -> node.equals(e.getString("node")) && "running".equals(e.getString("phase")))
        .map(e -> e.getString("session")).collect(java.util.stream.Collectors.toSet());
    events.stream().filter(e -> "terminated".equals(e.getString("phase"))).map(e -> e.getString("session"))
        .forEach(running::remove);
    return running.size();
  }

  public static JsonObject json(Path file) throws IOException {
    return new JsonObject(Files.readString(file));
  }

  public static String plan(String name, int sessions, String hold, String extra) {
    return """
        name: %s
        sessions: {count: %d, user: admin, template: firefox-browser, resources: {memory: 512Mi, cpu: 250m}, persistentHome: false}
        arrival: {kind: burst}
        hold: %s
        checks: [isolation, vnc]
        timeouts: {provisioned: 60s, podReady: 60s, running: 90s, tunnelUp: 30s, cleanedUp: 60s}
        criteria:
          running.rate: ["== 100%%"]
          leaked: ["== 0"]
        %s""".formatted(name, sessions, hold, extra);
  }

  /** A sandbox block that stays healthy with four JVMs on two cores (agents are declared stale after 10 s). */
  public static final String SANDBOX = """
      sandbox:
        agents: 2
        timings: {heartbeatInterval: 1s, staleAfter: 10s, podReadyPollInterval: 50ms}
        pods: {scheduleDelay: 10ms, readyDelay: {median: 200ms, p99: 800ms}, deleteGrace: {median: 50ms, p99: 150ms}, controllerDelay: 5ms}
      """;
}
