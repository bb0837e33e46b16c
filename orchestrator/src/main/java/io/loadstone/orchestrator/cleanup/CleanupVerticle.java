package io.loadstone.orchestrator.cleanup;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.loadstone.common.message.RunId;
import io.loadstone.orchestrator.report.RemainingResource;
import io.loadstone.orchestrator.report.ResourceKind;
import io.loadstone.worker.kube.KubeFact;
import io.loadstone.worker.kube.KubeObserver;
import io.loadstone.worker.kube.KubeTarget;
import io.loadstone.worker.platform.PlatformClient;
import io.loadstone.worker.platform.PlatformException;
import io.loadstone.worker.platform.StopAccepted;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up a run's platform sessions: deletes each through the platform's API (at most as many requests in flight
 * as the client has connections), then waits until the Deployment, Service and Pods labelled {@code session=<id>}
 * of every session are gone, through ONE {@link KubeObserver} (one informer per kind over the namespace, whatever
 * the number of sessions), or until the timeout. {@link #finished()} then completes with what went, what the
 * platform keeps by design (home PVC, Session CR) and what is left.
 * <p>
 * Deploying fails with {@code KubeUnreachableException} when the Kubernetes API cannot be watched; a delete that
 * fails is recorded on its session, not thrown. The platform client is the caller's (logged in already, ideally)
 * and is not closed here. A session whose delete failed is not waited for: nobody is removing it.
 * <pre>
 * CleanupVerticle cleanup = new CleanupVerticle(run, platform, kube, sessions, Duration.ofSeconds(120), progress);
 * vertx.deployVerticle(cleanup).compose(id -> cleanup.finished())...
 * </pre>
 */
public final class CleanupVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CleanupVerticle.class);
  private static final long PROGRESS_MILLIS = 1000;

  private final RunId run;
  private final PlatformClient platform;
  private final KubeTarget kube;
  private final Duration timeout;
  private final Consumer<String> progress;
  private final Map<String, Tracked> tracked = new LinkedHashMap<>();
  private final Deque<Tracked> toDelete = new ArrayDeque<>();
  private final Promise<CleanupResult> finished = Promise.promise();
  private KubeObserver observer;
  private int inFlight;
  private long deadlineTimer = -1;
  private long progressTimer = -1;
  private String lastProgress = "";

  /**
   * @param sessions the run's sessions, in report order
   * @param timeout  how long to wait, from the first delete, for every session's objects to go
   * @param progress receives {@code cleanup: 37/50 sessions gone, 13 waiting} at most once a second while it changes
   */
  public CleanupVerticle(RunId run, PlatformClient platform, KubeTarget kube, List<RunSession> sessions,
                         Duration timeout, Consumer<String> progress) {
    this.run = Objects.requireNonNull(run, "run");
    this.platform = Objects.requireNonNull(platform, "platform");
    this.kube = Objects.requireNonNull(kube, "kube");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.progress = Objects.requireNonNull(progress, "progress");
    for (RunSession s : sessions) {
      tracked.putIfAbsent(s.platformId(), new Tracked(s));
    }
    toDelete.addAll(tracked.values());
  }

  /** Completes once every session's objects are gone, or at the timeout with what is left. Never fails. */
  public Future<CleanupResult> finished() {
    return finished.future();
  }

  @Override
  public Future<?> start() {
    // every kind but Events, which say nothing of what is left and whose informer would list all the namespace kept
    observer = KubeObserver.create(vertx, kube, EnumSet.complementOf(EnumSet.of(KubeFact.Kind.EVENT)), this::onFact);
    // deploying completes once the informers have synced: the deletes then start on this context
    return observer.start().onSuccess(v -> context.runOnContext(x -> begin()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(deadlineTimer);
    vertx.cancelTimer(progressTimer);
    return observer == null ? Future.succeededFuture() : observer.close();
  }

  private void begin() {
    for (Tracked t : tracked.values()) {
      // what is there before the delete: the names the report lists as removed
      observer.deployment(t.id()).ifPresent(d -> t.see(ResourceKind.DEPLOYMENT, d));
      observer.service(t.id()).ifPresent(s -> t.see(ResourceKind.SERVICE, s));
      observer.pods(t.id()).forEach(p -> t.see(ResourceKind.POD, p));
    }
    LOG.info("run {}: cleaning up {} sessions through {}, watching namespace {} at {}", run, tracked.size(),
        platform.apiUrl(), observer.namespace(), observer.url());
    deadlineTimer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
      deadlineTimer = -1;
      finish(true);
    });
    progressTimer = vertx.setPeriodic(PROGRESS_MILLIS, id -> reportProgress());
    sendDeletes();
    maybeFinish();
  }

  private void sendDeletes() {
    int limit = Math.max(1, platform.target().maxConnections());
    while (inFlight < limit && !toDelete.isEmpty() && !finished.future().isComplete()) {
      Tracked t = toDelete.poll();
      inFlight++;
      t.deleteStartNanos = System.nanoTime();
      // the client's futures may complete on another context: come back to this one before touching state
      Future.fromCompletionStage(platform.deleteSession(t.id()).toCompletionStage(), context)
          .onComplete(ar -> onDeleted(t, ar));
    }
  }

  private void onDeleted(Tracked t, AsyncResult<StopAccepted> answer) {
    inFlight--;
    if (finished.future().isComplete()) {
      return;
    }
    if (answer.succeeded()) {
      t.delete = DeleteOutcome.ACCEPTED;
      t.deleteText = "delete accepted (HTTP 202" + (answer.result().commandId() == null ? ""
          : ", command " + answer.result().commandId()) + ")";
      t.deleteSentNanos = answer.result().sentNanos();
      LOG.debug("run {}: session {} ({}): delete accepted", run, t.id(), t.session.slotLabel());
    } else {
      Throwable cause = answer.cause();
      t.delete = DeleteOutcome.ofFailure(cause);
      t.deleteText = switch (t.delete) {
        case ALREADY_GONE -> "already deleted: the platform no longer knows it (HTTP 404)";
        case ALREADY_TERMINATING -> "already terminating (HTTP 409" + said(cause) + ")";
        case NOT_APPLICABLE -> "not deletable, nothing was started for it (HTTP 409" + said(cause) + ")";
        default -> "delete failed: " + cause.getMessage();
      };
      if (t.delete == DeleteOutcome.FAILED) {
        LOG.warn("run {}: session {} ({}): {}", run, t.id(), t.session.slotLabel(), t.deleteText);
      } else {
        LOG.debug("run {}: session {} ({}): {}", run, t.id(), t.session.slotLabel(), t.deleteText);
      }
    }
    checkGone(t, System.nanoTime());
    sendDeletes();
    maybeFinish();
  }

  private static String said(Throwable cause) {
    return cause instanceof PlatformException e && e.error() != null ? ": " + e.error() : "";
  }

  private void onFact(KubeFact fact) {
    Tracked t = tracked.get(fact.sessionId());
    if (t == null || finished.future().isComplete()) {
      return;
    }
    ResourceKind kind = switch (fact.kind()) {
      case DEPLOYMENT -> ResourceKind.DEPLOYMENT;
      case SERVICE -> ResourceKind.SERVICE;
      case POD -> ResourceKind.POD;
      default -> null;
    };
    if (kind == null) {
      return;
    }
    if (fact.change() == KubeFact.Change.DELETED) {
      t.lastDeletedNanos = fact.observedNanos();
    } else {
      t.see(kind, fact.object());
    }
    checkGone(t, fact.observedNanos());
    maybeFinish();
  }

  /** Marks the session gone once its delete was answered and none of its objects is in the informers' caches. */
  private void checkGone(Tracked t, long nowNanos) {
    if (t.goneNanos != 0 || t.delete == null || present(t.id())) {
      return;
    }
    t.goneNanos = t.lastDeletedNanos != 0 ? t.lastDeletedNanos : nowNanos;
    LOG.debug("run {}: session {} ({}): gone", run, t.id(), t.session.slotLabel());
  }

  private boolean present(String id) {
    return observer.deployment(id).isPresent() || observer.service(id).isPresent() || !observer.pods(id).isEmpty();
  }

  private void maybeFinish() {
    boolean waiting = tracked.values().stream()
        .anyMatch(t -> t.delete == null || t.goneNanos == 0 && t.delete.platformRemoves());
    if (!waiting && inFlight == 0) {
      finish(false);
    }
  }

  private void reportProgress() {
    long gone = tracked.values().stream().filter(t -> t.goneNanos != 0).count();
    String line = "cleanup: " + gone + "/" + tracked.size() + " sessions gone, " + (tracked.size() - gone) + " waiting";
    if (!line.equals(lastProgress)) {
      lastProgress = line;
      progress.accept(line);
    }
  }

  private void finish(boolean timedOut) {
    if (finished.future().isComplete()) {
      return;
    }
    vertx.cancelTimer(deadlineTimer);
    vertx.cancelTimer(progressTimer);
    List<SessionCleanup> results = new ArrayList<>();
    for (Tracked t : tracked.values()) {
      results.add(result(t));
    }
    CleanupResult result = new CleanupResult(results, timeout, timedOut && results.stream().anyMatch(r -> !r.gone()));
    LOG.info("run {}: cleanup {}: {} of {} sessions gone, {} objects left, {} retained by design", run,
        result.timedOut() ? "timed out" : "done", result.goneCount(), results.size(), result.leaked().size(),
        result.retained().size());
    finished.complete(result);
  }

  private SessionCleanup result(Tracked t) {
    String id = t.id();
    String slot = t.session.slot();
    List<RemainingResource> left = new ArrayList<>();
    String still = t.deleteStartNanos == 0 ? "still present: its delete was not sent before the timeout"
        : "still present " + seconds(System.nanoTime() - t.startNanos()) + " after the delete"
            + (t.delete == DeleteOutcome.FAILED ? " failed" : t.delete == null ? " was sent (no answer)" : "");
    observer.deployment(id).ifPresent(d -> left.add(new RemainingResource(ResourceKind.DEPLOYMENT, name(d), slot,
        still)));
    observer.service(id).ifPresent(s -> left.add(new RemainingResource(ResourceKind.SERVICE, name(s), slot, still)));
    observer.pods(id).forEach(p -> left.add(new RemainingResource(ResourceKind.POD, name(p), slot, still)));
    List<RemainingResource> retained = new ArrayList<>();
    observer.pvc(id).ifPresent(p -> retained.add(new RemainingResource(ResourceKind.PVC, name(p), slot,
        "kept by design: the session's home PVC")));
    observer.sessionCr(id).ifPresent(c -> retained.add(new RemainingResource(ResourceKind.SESSION_CR, name(c), slot,
        "kept by design: the platform keeps the Session resource after a delete")));
    Duration goneAfter = left.isEmpty() && t.goneNanos != 0 && !t.seen.isEmpty()
        ? Duration.ofNanos(Math.max(0, t.goneNanos - t.startNanos())) : null;
    DeleteOutcome delete = t.delete == null ? DeleteOutcome.NO_ANSWER : t.delete;
    String deleteText = t.delete == null ? "no answer to the delete within " + seconds(timeout.toNanos())
        : t.deleteText;
    return new SessionCleanup(t.session, delete, deleteText, t.seenLabels(), goneAfter, left, retained);
  }

  private static String name(HasMetadata o) {
    return o.getMetadata().getName();
  }

  static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1fs", nanos / 1e9);
  }

  /** One session's cleanup as it goes; touched on this verticle's context only. */
  private static final class Tracked {
    final RunSession session;
    /** Deployment, Service, Pods (enum order), each in the order first seen */
    final Map<ResourceKind, Set<String>> seen = new EnumMap<>(ResourceKind.class);
    DeleteOutcome delete;
    String deleteText;
    long deleteStartNanos;
    long deleteSentNanos;
    long lastDeletedNanos;
    long goneNanos;

    Tracked(RunSession session) {
      this.session = session;
    }

    String id() {
      return session.platformId();
    }

    /** When the delete went on the wire, or was handed to the client when its answer did not say. */
    long startNanos() {
      return deleteSentNanos != 0 ? deleteSentNanos : deleteStartNanos;
    }

    void see(ResourceKind kind, HasMetadata object) {
      seen.computeIfAbsent(kind, k -> new LinkedHashSet<>()).add(object.getMetadata().getName());
    }

    List<String> seenLabels() {
      List<String> out = new ArrayList<>();
      seen.forEach((kind, names) -> names.forEach(n -> out.add(kind.displayName() + " " + n)));
      return out;
    }
  }
}
