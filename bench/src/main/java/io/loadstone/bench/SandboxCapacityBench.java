package io.loadstone.bench;

import io.loadstone.sandbox.Sandbox;
import io.loadstone.sandbox.SandboxEndpoints;
import io.loadstone.sandbox.config.SandboxConfig;
import io.loadstone.sandbox.config.SandboxConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.loadstone.sandbox.truth.TruthEvent;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Sandbox capacity: with zero pod delay, how many sessions per second the sandbox takes from create to
 * running, and the heap each live session costs. The client drives the public REST API only (login, create,
 * list) in the same JVM, keeps at most {@code --concurrency} creates in flight, and sees "running" by listing
 * sessions every 100 ms (so per-session latencies have 100 ms resolution; throughput does not depend on it).
 * Heap per session = (used heap after full GCs with N live sessions - used heap after start) / N.
 *
 * <p>Run: {@code bench/sandbox-capacity.sh [sessions] [agents] [concurrency]} (2 GiB heap).
 */
public final class SandboxCapacityBench {
  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int agents = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    // the agent polls its pod like the real one (2 s); shorter polls trade load for latency
    String pollInterval = args.length > 3 ? args[3] : "2s";
    SandboxConfig config = SandboxConfigLoader.parse("bench", """
        adminPassword: bench
        timings: {podReadyPollInterval: %s}
        pods: {scheduleDelay: 0s, readyDelay: 0s, deleteGrace: 0s, controllerDelay: 0s}
        """.formatted(pollInterval), SandboxConfig.defaults()).withAgents(agents);

    Vertx vertx = Vertx.vertx();
    Sandbox sandbox = Sandbox.start(vertx, config).await();
    SandboxEndpoints ep = sandbox.endpoints();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long baseline = settledHeap(memory);
    WebClient web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(concurrency));
    String base = ep.api();
    String token = web.postAbs(base + "/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("username", "admin").put("password", "bench")).await()
        .bodyAsJsonObject().getString("token");

    Map<String, Long> createdAt = new ConcurrentHashMap<>();
    Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    AtomicInteger started = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    Promise<Void> allCreated = Promise.promise();
    long t0 = System.nanoTime();
    for (int i = 0; i < Math.min(concurrency, sessions); i++) {
      vertx.runOnContext(v -> createNext(web, base, token, sessions, started, failed, createdAt, allCreated));
    }
    allCreated.future().await();
    long createdNanos = System.nanoTime() - t0;

    Map<String, Boolean> seen = new ConcurrentHashMap<>();
    long lastProgress = System.nanoTime();
    while (seen.size() + failed.get() < sessions) {
      HttpResponse<Buffer> r = web.getAbs(base + "/api/v1/sessions").bearerTokenAuthentication(token).send().await();
      long now = System.nanoTime();
      r.bodyAsJsonObject().getJsonArray("sessions").forEach(o -> {
        JsonObject s = (JsonObject) o;
        if ("running".equals(s.getString("state")) && seen.putIfAbsent(s.getString("name"), true) == null) {
          Long c = createdAt.get(s.getString("name"));
          if (c != null) {
            latency.recordValue(TimeUnit.NANOSECONDS.toMicros(now - c));
          }
        }
      });
      if (now - lastProgress > TimeUnit.SECONDS.toNanos(5)) {
        System.out.printf("  ... %d/%d running%n", seen.size(), sessions);
        lastProgress = now;
      }
      if (now - t0 > TimeUnit.MINUTES.toNanos(10)) {
        System.out.println("  gave up after 10 min");
        break;
      }
      vertx.timer(100).await();
    }
    long runningNanos = System.nanoTime() - t0;
    long live = settledHeap(memory);

    System.out.println();
    System.out.printf("sandbox capacity: %d sessions, %d agents, %d creates in flight, pod delays 0, JVM -Xmx%dm%n",
        sessions, agents, concurrency, Runtime.getRuntime().maxMemory() / (1 << 20));
    System.out.printf("  create accepted (202): %.1f sessions/s (%d in %.2f s, %d failed)%n",
        sessions / (createdNanos / 1e9), sessions, createdNanos / 1e9, failed.get());
    System.out.printf("  create -> running:     %.1f sessions/s (%d running after %.2f s)%n",
        seen.size() / (runningNanos / 1e9), seen.size(), runningNanos / 1e9);
    System.out.printf("  per-session create->running latency (100 ms resolution): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
        latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3, latency.getMaxValue() / 1e3);
    System.out.printf("  heap: %.1f MiB at start, %.1f MiB with %d live sessions -> %.1f KiB per live session%n",
        baseline / 1048576.0, live / 1048576.0, seen.size(), (live - baseline) / 1024.0 / Math.max(1, seen.size()));
    System.out.println("  where the time goes (sandbox ground truth, ms after the create request arrived, p50 / p99):");
    for (TruthEvent stage : List.of(TruthEvent.START_DISPATCHED, TruthEvent.DEPLOYMENT_CREATED, TruthEvent.SERVICE_CREATED,
        TruthEvent.POD_CREATED, TruthEvent.POD_READY, TruthEvent.TUNNEL_UP, TruthEvent.RUNNING)) {
      Histogram h = new Histogram(3);
      for (String id : createdAt.keySet()) {
        sandbox.truth().find(id).ifPresent(t -> {
          var from = t.nanos(TruthEvent.CREATE_REQUESTED);
          var to = t.nanos(stage);
          if (from.isPresent() && to.isPresent()) {
            h.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(to.getAsLong() - from.getAsLong())));
          }
        });
      }
      System.out.printf("    %-18s %8.0f / %8.0f  (%d sessions)%n", stage.jsonName(), h.getValueAtPercentile(50) / 1e3,
          h.getValueAtPercentile(99) / 1e3, h.getTotalCount());
    }
    web.close();
    sandbox.close().eventually(vertx::close).await(60, TimeUnit.SECONDS);
    System.exit(seen.size() == sessions ? 0 : 1);
  }

  private static void createNext(WebClient web, String base, String token, int total, AtomicInteger started,
                                 AtomicInteger failed, Map<String, Long> createdAt, Promise<Void> done) {
    if (started.getAndIncrement() >= total) {
      return;
    }
    long sent = System.nanoTime();
    Future<HttpResponse<Buffer>> f = web.postAbs(base + "/api/v1/sessions").bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("user", "admin").put("template", "firefox-browser")
            .put("persistentHome", false).put("resources", new JsonObject().put("memory", "512Mi").put("cpu", "250m")));
    f.onComplete(ar -> {
      if (ar.succeeded() && ar.result().statusCode() == 202) {
        createdAt.put(ar.result().bodyAsJsonObject().getString("name"), sent);
      } else {
        failed.incrementAndGet();
        System.out.println("  create failed: " + (ar.succeeded() ? ar.result().statusCode() + " " + ar.result().bodyAsString() : ar.cause()));
      }
      if (createdAt.size() + failed.get() >= total) {
        done.tryComplete();
      }
      createNext(web, base, token, total, started, failed, createdAt, done);
    });
  }

  private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(300);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
