package io.loadstone.cli;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs of {@code loadstone run} in this JVM whose embedded sandbox listens on a known port, so a test can switch an
 * agent fault on mid-run through the sandbox's own API ({@code POST /sandbox/v1/faults}), as a plan step will.
 */
final class AgentRuns {
  /** the fast timings of RunPlans, the reconciler's resend kept at its real 5 minutes (a lost stop stays lost) */
  static final String TIMINGS = "timings: {heartbeatInterval: 200ms, hubCheckInterval: 100ms, staleAfter: 600ms, "
      + "selectionWindow: 1200ms, wsPingInterval: 400ms, wsPongWait: 1s, reconcilerInterval: 200ms, "
      + "podReadyPollInterval: 50ms, reconnectBackoff: [%s]}";
  static final String PODS = "pods: {scheduleDelay: 10ms, readyDelay: {median: 100ms, p99: 300ms}, "
      + "deleteGrace: {median: 50ms, p99: 150ms}, controllerDelay: 5ms}";

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final int port = freePort();
  private final HttpClient http = HttpClient.newHttpClient();

  /** A plan: {@code sessions} firefox sessions, no checks, the given hold, sandbox block lines, criteria lines. */
  Path plan(Path dir, String name, int sessions, String hold, String cleanedUp, String backoff, String sandboxExtra,
            String criteria) throws Exception {
    String yaml = "name: " + name + "\n"
        + "sessions: {count: " + sessions + ", user: admin, template: firefox-browser, "
        + "resources: {memory: 512Mi, cpu: 250m}, persistentHome: false}\n"
        + "hold: " + hold + "\nchecks: []\n"
        + "timeouts: {provisioned: 5s, podReady: 5s, running: 5s, tunnelUp: 5s, cleanedUp: " + cleanedUp + "}\n"
        + "sandbox:\n  port: " + port + "\n  " + TIMINGS.formatted(backoff) + "\n  " + PODS + "\n" + sandboxExtra
        + "criteria:\n" + criteria;
    Path plan = dir.resolve(name + ".yaml");
    Files.writeString(plan, yaml);
    return plan;
  }

  CompletableFuture<Integer> start(String... args) {
    return CompletableFuture.supplyAsync(() -> {
      var cl = Main.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      return cl.execute(args);
    });
  }

  /**
   * Waits until the run has published {@code n} running events (its events.jsonl in {@code dir}): the worker saw
   * them running, which trails the platform's own state by up to its API poll.
   */
  void awaitRunning(Path dir, int n) {
    Path events = dir.resolve("events.jsonl");
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() ->
        Files.readAllLines(events).stream().filter(l -> l.contains("\"phase\":\"running\"")).count() >= n);
  }

  JsonObject truth() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/sandbox/v1/truth")).build(),
        HttpResponse.BodyHandlers.ofString());
    return new JsonObject(r.body());
  }

  /** Switches a fault on now, e.g. {@code {kind: heartbeat-stall, agent: k8s-agent-1, for: 900ms}}. */
  void fault(String yaml) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/sandbox/v1/faults"))
        .POST(HttpRequest.BodyPublishers.ofString(yaml)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new AssertionError("fault not added: " + r.statusCode() + " " + r.body());
    }
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  /** The array's objects, for assertions. */
  static List<JsonObject> objects(JsonArray array) {
    return array.stream().map(JsonObject.class::cast).toList();
  }

  static JsonObject results(Path dir) throws Exception {
    return new JsonObject(Files.readString(dir.resolve("results.json")));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
