package io.loadstone.sandbox.pods;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.loadstone.sandbox.config.PodSettings;
import io.loadstone.sandbox.fault.ActiveFault;
import io.loadstone.sandbox.fault.FaultKind;
import io.loadstone.sandbox.fault.Faults;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent of the sandbox's single node, like KWOK's stages: moves each pod it sees from Pending
 * through ContainerCreating to Running/Ready after delays drawn per pod, starts the pod's {@link RfbServer}
 * (before reporting Ready, so a Ready pod always answers on port 3000), and on deletion waits the grace
 * delay, stops serving and removes the pod with grace 0. Faults slow-pods, pod-never-ready and slow-delete
 * act here. Not thread-safe: runs on the simulator's context; every pod's RfbServer is closed when the pod
 * goes or the kubelet closes.
 */
final class Kubelet {
  private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
  private static final long RETRY_MS = 500;

  private final Vertx vertx;
  private final KubeAccess kube;
  private final EventRecorder events;
  private final OwnerDeletion ownerDeletion;
  private final LoopbackPodNetwork network;
  private final PodSettings settings;
  private final Faults faults;
  private final Random random;
  private final Function<String, Pod> cachedPod;
  private final Map<String, PodRun> runs = new HashMap<>();
  private final AtomicInteger openRfb = new AtomicInteger();
  private boolean closed;

  Kubelet(Vertx vertx, KubeAccess kube, EventRecorder events, OwnerDeletion ownerDeletion, LoopbackPodNetwork network,
          PodSettings settings, Faults faults, Random random, Function<String, Pod> cachedPod) {
    this.vertx = vertx;
    this.kube = kube;
    this.events = events;
    this.ownerDeletion = ownerDeletion;
    this.network = network;
    this.settings = settings;
    this.faults = faults;
    this.random = random;
    this.cachedPod = cachedPod;
  }

  /** A pod was added, updated or relisted. Idempotent: a pod already known only reacts to a new deletion. */
  void observe(Pod pod) {
    if (closed) {
      return;
    }
    String name = pod.getMetadata().getName();
    PodRun run = runs.get(name);
    if (run != null && !run.uid.equals(pod.getMetadata().getUid())) {
      forget(run);
      run = null;
    }
    if (run == null) {
      run = new PodRun(name, pod.getMetadata().getUid(), label(pod, "session"));
      runs.put(name, run);
      if (pod.getMetadata().getDeletionTimestamp() == null) {
        begin(run, pod);
      }
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      terminate(run);
    }
  }

  /** The pod is gone from the API server. */
  void gone(Pod pod) {
    PodRun run = runs.get(pod.getMetadata().getName());
    if (run != null && run.uid.equals(pod.getMetadata().getUid())) {
      forget(run);
    }
  }

  /** RfbServers started and not yet closed, including any whose pod vanished while it started. Thread-safe. */
  int openRfbServers() {
    return openRfb.get();
  }

  /** Closes every RfbServer and frees every IP; later events are ignored. */
  Future<Void> close() {
    closed = true;
    List<Future<Void>> closing = new ArrayList<>();
    for (PodRun run : List.copyOf(runs.values())) {
      run.stage = PodRun.Stage.GONE;
      cancelTimer(run);
      closing.add(stopServing(run));
    }
    runs.clear();
    return Future.join(closing).mapEmpty();
  }

  private void begin(PodRun run, Pod pod) {
    if (isReady(pod) && pod.getStatus().getPodIP() != null && network.claim(pod.getStatus().getPodIP())) {
      // Ready before this kubelet saw it (a restarted simulator): serve it again at its IP; no fault applies.
      run.ip = pod.getStatus().getPodIP();
      run.adopted = true;
      run.scheduledAt = Instant.now();
      run.stage = PodRun.Stage.SCHEDULED;
      run.timer = vertx.setTimer(1, id -> ready(run));
      return;
    }
    String what = "pod " + run.name;
    Optional<ActiveFault> neverReady = faults.trigger(FaultKind.POD_NEVER_READY, run.session, null,
        what + ": image pull never completes, the pod stays ContainerCreating");
    Duration readyDelay;
    if (neverReady.isPresent()) {
      run.neverReady = true;
      readyDelay = settings.readyDelay().sample(random);
    } else {
      Optional<ActiveFault> slow = faults.trigger(FaultKind.SLOW_PODS, run.session, null,
          what + ": ready delay drawn from the slow-pods delay instead of readyDelay");
      readyDelay = slow.map(f -> f.spec().delay().sample(random)).orElseGet(() -> settings.readyDelay().sample(random));
      if (slow.isPresent()) {
        LOG.info("pod {} (session {}): slow-pods, ready in {} ms", run.name, run.session, readyDelay.toMillis());
      }
    }
    run.readyDelayNanos = readyDelay.toNanos();
    long scheduleMs = Math.max(1, settings.scheduleDelay().sample(random).toMillis());
    run.timer = vertx.setTimer(scheduleMs, id -> scheduled(run));
  }

  private void scheduled(PodRun run) {
    run.timer = -1;
    if (run.stage != PodRun.Stage.CREATED) {
      return;
    }
    run.stage = PodRun.Stage.SCHEDULED;
    run.scheduledAt = Instant.now();
    Pod pod = cachedPod.apply(run.name);
    if (pod != null && run.uid.equals(pod.getMetadata().getUid())) {
      PodStatus status = PodStatuses.containerCreating(pod, run.scheduledAt);
      String image = image(pod);
      chain(run, () -> writeStatus(run, status));
      chain(run, () -> events.normal(pod, null, EventRecorder.SCHEDULER, "Scheduled",
          "Successfully assigned " + kube.namespace + "/" + run.name + " to " + KubeAccess.NODE_NAME));
      chain(run, () -> events.normal(pod, containerPath(pod), EventRecorder.KUBELET, "Pulling",
          "Pulling image \"" + image + "\""));
    }
    long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(run.readyDelayNanos - (System.nanoTime() - run.firstSeenNanos)));
    run.timer = vertx.setTimer(remainingMs, id -> {
      run.timer = -1;
      if (run.neverReady) {
        pullNeverCompletes(run);
      } else {
        ready(run);
      }
    });
  }

  private void ready(PodRun run) {
    run.timer = -1;
    if (run.stage != PodRun.Stage.SCHEDULED || closed) {
      return;
    }
    run.stage = PodRun.Stage.STARTING;
    if (run.ip == null) {
      run.ip = network.allocate();
    }
    RfbServer.start(vertx, run.desktopName()).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("pod {} (session {}): VNC server did not start, retrying: {}", run.name, run.session,
            ar.cause().toString());
        run.stage = PodRun.Stage.SCHEDULED;
        run.timer = vertx.setTimer(RETRY_MS, id -> ready(run));
        return;
      }
      RfbServer rfb = ar.result();
      openRfb.incrementAndGet();
      if (run.stage != PodRun.Stage.STARTING || closed) {
        // Deleted while the server was starting: it must not outlive the pod.
        closeRfb(rfb);
        if (run.ip != null && run.rfb == null) {
          network.release(run.ip);
          run.ip = null;
        }
        return;
      }
      run.rfb = rfb;
      network.serve(run.ip, rfb.address());
      run.stage = PodRun.Stage.READY;
      Instant readyAt = Instant.now();
      LOG.debug("pod {} (session {}): Ready at {} -> {}", run.name, run.session, run.ip, rfb.address());
      Pod pod = cachedPod.apply(run.name);
      if (run.adopted || pod == null || !run.uid.equals(pod.getMetadata().getUid())) {
        return;
      }
      PodStatus status = PodStatuses.running(pod, run.scheduledAt, readyAt, run.ip);
      String image = image(pod);
      String path = containerPath(pod);
      long pullMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - run.firstSeenNanos);
      chain(run, () -> writeStatus(run, status));
      chain(run, () -> events.normal(pod, path, EventRecorder.KUBELET, "Pulled",
          "Successfully pulled image \"" + image + "\" in " + pullMs + "ms"));
      chain(run, () -> events.normal(pod, path, EventRecorder.KUBELET, "Created",
          "Created container: " + String.join(", ", PodStatuses.containerNames(pod))));
      chain(run, () -> events.normal(pod, path, EventRecorder.KUBELET, "Started",
          "Started container " + String.join(", ", PodStatuses.containerNames(pod))));
    });
  }

  /** pod-never-ready: warn like a hung image pull, again and again, and never become Ready. */
  private void pullNeverCompletes(PodRun run) {
    if (run.stage != PodRun.Stage.SCHEDULED) {
      return;
    }
    Pod pod = cachedPod.apply(run.name);
    if (pod != null && run.uid.equals(pod.getMetadata().getUid())) {
      String path = containerPath(pod);
      chain(run, () -> {
        Future<Event> written = run.pullWarning == null
            ? events.warning(pod, path, EventRecorder.KUBELET, "Failed", "Failed to pull image \"" + image(pod)
                + "\": rpc error: code = DeadlineExceeded desc = context deadline exceeded")
            : events.repeat(run.pullWarning, pod, path, EventRecorder.KUBELET);
        return written.onSuccess(e -> run.pullWarning = e);
      });
    }
    long periodMs = Math.min(30_000, Math.max(1_000, TimeUnit.NANOSECONDS.toMillis(run.readyDelayNanos)));
    run.timer = vertx.setTimer(periodMs, id -> {
      run.timer = -1;
      pullNeverCompletes(run);
    });
  }

  private void terminate(PodRun run) {
    if (run.stage == PodRun.Stage.TERMINATING || run.stage == PodRun.Stage.GONE) {
      return;
    }
    boolean started = run.servingOrStarting();
    cancelTimer(run);
    run.stage = PodRun.Stage.TERMINATING;
    Optional<ActiveFault> slow = faults.trigger(FaultKind.SLOW_DELETE, run.session, null,
        "pod " + run.name + ": deletion grace drawn from the slow-delete delay instead of deleteGrace");
    Duration grace = slow.map(f -> f.spec().delay().sample(random)).orElseGet(() -> settings.deleteGrace().sample(random));
    LOG.debug("pod {} (session {}): terminating, gone in {} ms", run.name, run.session, grace.toMillis());
    Pod pod = cachedPod.apply(run.name);
    if (started && pod != null && run.uid.equals(pod.getMetadata().getUid())) {
      chain(run, () -> events.normal(pod, containerPath(pod), EventRecorder.KUBELET, "Killing",
          "Stopping container " + String.join(", ", PodStatuses.containerNames(pod))));
    }
    run.timer = vertx.setTimer(Math.max(1, grace.toMillis()), id -> finishTermination(run));
  }

  private void finishTermination(PodRun run) {
    run.timer = -1;
    if (run.stage != PodRun.Stage.TERMINATING) {
      return;
    }
    Pod pod = cachedPod.apply(run.name);
    // A pod deleted with propagationPolicy=Foreground carries the foregroundDeletion finalizer; a pod has no
    // dependents, so the garbage collector's part is only to drop it.
    Future<?> released = pod != null && pod.getMetadata().getFinalizers() != null
        && pod.getMetadata().getFinalizers().contains(OwnerDeletion.FOREGROUND)
        ? ownerDeletion.step(pod, List.of(), p -> Future.succeededFuture(), () -> Future.succeededFuture(false))
        : Future.succeededFuture();
    stopServing(run)
        .compose(v -> released)
        .compose(v -> kube.call(() -> kube.client.pods().inNamespace(kube.namespace).withName(run.name)
            .withGracePeriod(0).delete()))
        .onSuccess(v -> LOG.debug("pod {} (session {}): removed", run.name, run.session))
        .onFailure(e -> {
          if (KubeAccess.notFound(e)) {
            return;
          }
          LOG.debug("pod {}: final delete failed, retrying: {}", run.name, KubeAccess.describe(e));
          if (run.stage == PodRun.Stage.TERMINATING && !closed) {
            run.timer = vertx.setTimer(RETRY_MS, id -> finishTermination(run));
          }
        });
  }

  private void forget(PodRun run) {
    runs.remove(run.name, run);
    run.stage = PodRun.Stage.GONE;
    cancelTimer(run);
    stopServing(run);
  }

  /** Closes the pod's VNC server and frees its IP; safe to call in any stage, any number of times. */
  private Future<Void> stopServing(PodRun run) {
    RfbServer rfb = run.rfb;
    run.rfb = null;
    if (run.ip != null) {
      network.release(run.ip);
      run.ip = null;
    }
    return rfb == null ? Future.succeededFuture() : closeRfb(rfb);
  }

  private Future<Void> closeRfb(RfbServer rfb) {
    openRfb.decrementAndGet();
    return rfb.close().otherwiseEmpty();
  }

  private Future<Void> writeStatus(PodRun run, PodStatus status) {
    Pod patch = new PodBuilder().withNewMetadata().withName(run.name).withNamespace(kube.namespace)
        .withUid(run.uid).endMetadata().withStatus(status).build();
    return kube.write("PATCH", kube.collectionPath("v1", "pods") + "/" + run.name + "/status", KubeAccess.MERGE_PATCH,
            patch)
        .onFailure(e -> {
          if (!KubeAccess.notFound(e)) {
            LOG.warn("pod {} (session {}): status {} not written: {}", run.name, run.session, status.getPhase(),
                KubeAccess.describe(e));
          }
        });
  }

  private void chain(PodRun run, Supplier<Future<?>> step) {
    run.writes = run.writes.transform(ignored -> run.stage == PodRun.Stage.GONE
        ? Future.succeededFuture() : step.get());
  }

  private void cancelTimer(PodRun run) {
    if (run.timer >= 0) {
      vertx.cancelTimer(run.timer);
      run.timer = -1;
    }
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String image(Pod pod) {
    return PodStatuses.containers(pod).isEmpty() ? "" : PodStatuses.containers(pod).get(0).getImage();
  }

  private static String containerPath(Pod pod) {
    return PodStatuses.containers(pod).isEmpty() ? null
        : "spec.containers{" + PodStatuses.containers(pod).get(0).getName() + "}";
  }

  static String label(Pod pod, String key) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }
}
