package io.loadstone.worker.lifecycle;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.loadstone.common.message.Diagnosis;
import io.loadstone.worker.platform.PlatformException;
import io.loadstone.worker.vnc.RfbResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Names why a session failed, from what this worker saw itself (create answer, agent row, Kubernetes objects and
 * Events, API state history, VNC result) and never from a sandbox's ground truth. Evidence lines are for people;
 * times are milliseconds since the create request was sent (cleanup: since the delete request).
 */
final class Evidence {
  private static final long AGENT_LOOKUP_MILLIS = 5_000;

  private final LifecycleServices services;
  private final String sessionId;
  private final String agent;
  private final String commandId;
  private final long createSentNanos;
  private final long deploymentSeenNanos;
  private final long serviceSeenNanos;
  private final String lastState;
  private final List<String> stateHistory;

  Evidence(LifecycleServices services, String sessionId, String agent, String commandId, long createSentNanos,
           long deploymentSeenNanos, long serviceSeenNanos, String lastState, List<String> stateHistory) {
    this.services = services;
    this.sessionId = sessionId;
    this.agent = agent;
    this.commandId = commandId;
    this.createSentNanos = createSentNanos;
    this.deploymentSeenNanos = deploymentSeenNanos;
    this.serviceSeenNanos = serviceSeenNanos;
    this.lastState = lastState;
    this.stateHistory = List.copyOf(stateHistory);
  }

  /** No Deployment and Service by the deadline: a lost start command if the agent was online and the state pending. */
  Future<Diagnosis> notProvisioned(Duration limit) {
    List<String> lines = new ArrayList<>();
    lines.add("create answered 202: session " + sessionId + " on agent " + or(agent, "(not named)") + ", command "
        + or(commandId, "(not named)"));
    lines.add((deploymentSeenNanos < 0 ? "no Deployment" : "Deployment seen at " + ms(since(deploymentSeenNanos)))
        + " and " + (serviceSeenNanos < 0 ? "no Service" : "Service seen at " + ms(since(serviceSeenNanos)))
        + " by the provisioned deadline (" + ms(limit.toMillis()) + ")");
    lines.add("API state " + or(lastState, "unknown") + " (history: " + String.join(", ", stateHistory) + ")");
    boolean pending = lastState == null || "pending".equals(lastState);
    if (agent == null) {
      return Future.succeededFuture(new Diagnosis("not-provisioned", lines));
    }
    return services.platform().getAgent(agent).timeout(AGENT_LOOKUP_MILLIS, TimeUnit.MILLISECONDS)
        .map(row -> {
          String status = row.map(r -> r.getValue("status") instanceof String s ? s : null).orElse(null);
          lines.add("GET /api/v1/admin/agents/" + agent + " at " + ms(since(System.nanoTime())) + ": "
              + (row.isEmpty() ? "404 (agent unknown)" : "status " + or(status, "missing") + heartbeat(row.get())));
          boolean online = "online".equals(status);
          String code = deploymentSeenNanos < 0 && pending && online ? "start-command-lost"
              : online ? "not-provisioned" : "agent-offline";
          return new Diagnosis(code, lines);
        })
        .otherwise(cause -> {
          lines.add("GET /api/v1/admin/agents/" + agent + " failed: " + describe(cause));
          return new Diagnosis("not-provisioned", lines);
        });
  }

  Future<Diagnosis> podNotReady(Duration limit) {
    List<Pod> pods = services.kube().pods(sessionId);
    // the pods' state as of the deadline, their Events as the API has them a moment later
    List<Future<List<String>>> perPod = pods.stream().map(this::podLines).toList();
    return Future.join(perPod).transform(ignored -> {
      List<String> lines = new ArrayList<>();
      lines.add("no pod of session " + sessionId + " Ready by the podReady deadline (" + ms(limit.toMillis()) + ")");
      if (pods.isEmpty()) {
        lines.add("no Pod exists for the session");
      }
      perPod.forEach(f -> lines.addAll(f.result()));
      lines.add("API state " + or(lastState, "unknown") + " (history: " + String.join(", ", stateHistory) + ")");
      return Future.succeededFuture(new Diagnosis("pod-not-ready", lines));
    });
  }

  private Future<List<String>> podLines(Pod pod) {
    String name = pod.getMetadata().getName();
    List<String> lines = new ArrayList<>();
    String phase = pod.getStatus() == null ? "unknown" : or(pod.getStatus().getPhase(), "unknown");
    lines.add("Pod " + name + ": phase " + phase);
    Pods.conditions(pod).forEach(c -> lines.add("Pod " + name + " condition " + c.getType() + "=" + c.getStatus()
        + (c.getReason() == null ? "" : " reason " + c.getReason())
        + (c.getMessage() == null ? "" : ": " + c.getMessage())));
    return services.kube().podEvents(name).timeout(AGENT_LOOKUP_MILLIS, TimeUnit.MILLISECONDS).map(events -> {
      for (Event e : events) {
        lines.add("Event on " + name + ": " + or(e.getType(), "") + " " + or(e.getReason(), "") + ": "
            + or(e.getMessage(), "") + (e.getCount() != null && e.getCount() > 1 ? " (x" + e.getCount() + ")" : ""));
      }
      return lines;
    }).otherwise(cause -> {
      lines.add("Events of " + name + " could not be read: " + describe(cause));
      return lines;
    });
  }

  Diagnosis notRunning(Duration limit) {
    return new Diagnosis("not-running", List.of(
        "API state not running by the running deadline (" + ms(limit.toMillis()) + "): last " + or(lastState, "unknown"),
        "state history: " + String.join(", ", stateHistory)));
  }

  Diagnosis cleanupTimeout(Duration limit) {
    List<String> lines = new ArrayList<>();
    lines.add("still present " + ms(limit.toMillis()) + " after the delete request:");
    services.kube().deployment(sessionId).ifPresent(d -> lines.add("Deployment " + d.getMetadata().getName()));
    services.kube().service(sessionId).ifPresent(s -> lines.add("Service " + s.getMetadata().getName()));
    services.kube().pods(sessionId).forEach(p -> lines.add("Pod " + p.getMetadata().getName()
        + (p.getMetadata().getDeletionTimestamp() == null ? "" : " (terminating since "
        + p.getMetadata().getDeletionTimestamp() + ")")));
    return new Diagnosis("cleanup-timeout", lines);
  }

  static Diagnosis apiError(String request, Throwable cause, double atMillis) {
    List<String> lines = new ArrayList<>();
    if (cause instanceof PlatformException p) {
      lines.add(request + " answered " + p.status() + " at " + ms(atMillis) + ": " + or(p.error(), "")
          + (p.platformMessage() == null ? "" : " (" + p.platformMessage() + ")"));
      if (p.bodyExcerpt() != null && !p.bodyExcerpt().isEmpty()) {
        lines.add("body: " + p.bodyExcerpt());
      }
    } else {
      lines.add(request + " failed at " + ms(atMillis) + ": " + describe(cause));
    }
    return new Diagnosis("api-error", lines);
  }

  static Diagnosis vncUnreachable(Throwable cause, double probeStartMillis, Duration limit) {
    return new Diagnosis("vnc-unreachable", List.of(
        "VNC probe started at " + ms(probeStartMillis) + ", limit " + ms(limit.toMillis()),
        "failed: " + describe(cause)));
  }

  static Diagnosis crossWired(String sessionId, RfbResult result, double atMillis) {
    return new Diagnosis("vnc-cross-wired", List.of(
        "RFB ServerInit at " + ms(atMillis) + " announced desktop \"" + result.desktopName() + "\"",
        "expected the session's own id \"" + sessionId + "\": the tunnel reached another session's desktop"));
  }

  static String ms(double millis) {
    return String.format(Locale.ROOT, "%.1f ms", millis);
  }

  private double since(long nanos) {
    return (nanos - createSentNanos) / 1_000_000.0;
  }

  private static String heartbeat(JsonObject row) {
    Object hb = row.getValue("lastHeartbeat");
    return hb == null ? "" : ", last heartbeat " + hb;
  }

  private static String describe(Throwable cause) {
    String m = cause.getMessage();
    return cause.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static String or(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
