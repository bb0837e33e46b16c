package io.loadstone.sandbox.pods;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.loadstone.sandbox.config.PodSettings;
import io.loadstone.sandbox.fault.Faults;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's controller-manager and kubelet, like KWOK: watches Deployments, ReplicaSets and Pods of one
 * namespace on the sandbox's Kubernetes API server, through the real fabric8 client only, and does what
 * Kubernetes would: ReplicaSets and pods for Deployments, pods moved through their stages with delays drawn
 * from {@link PodSettings}, a real VNC ({@link RfbServer}) listener per Ready pod reachable through
 * {@link #network()}, graceful deletion, foreground deletion and garbage collection of orphans. Faults
 * slow-pods, pod-never-ready and slow-delete are applied (and recorded by {@link Faults}).
 *
 * <p>All state lives on one Vert.x context; informer callbacks are handed to it, blocking client calls run on
 * a worker pool of its own. Writes that hit 404 or 409 are normal (objects come and go under it): the object
 * is re-read on the next pass. {@link #close()} stops the informers and closes every RfbServer.
 */
public final class PodSimulator {
  private static final Logger LOG = LoggerFactory.getLogger(PodSimulator.class);
  private static final long RESYNC_MS = 30_000;
  private static final int WORKERS = 16;
  private static final long START_TIMEOUT_SECONDS = 30;
  private static final AtomicLong INSTANCES = new AtomicLong();

  private final Context context;
  private final KubeAccess kube;
  private final LoopbackPodNetwork network;
  private final Kubelet kubelet;
  private final ReplicaSetController replicaSets;
  private final DeploymentController deployments;
  private final GarbageCollector garbage;
  private final Caches caches;
  /** Read and written on the context only. */
  private boolean closed;
  private Future<Void> closing;
  private final AtomicBoolean foreignWarned = new AtomicBoolean();

  private PodSimulator(Vertx vertx, Context context, KubeAccess kube, Caches caches, PodSettings settings,
                       Faults faults, Random random) {
    this.context = context;
    this.kube = kube;
    this.caches = caches;
    this.network = new LoopbackPodNetwork();
    EventRecorder events = new EventRecorder(kube);
    OwnerDeletion ownerDeletion = new OwnerDeletion(kube);
    long controllerDelayMs = Math.max(0, settings.controllerDelay().toMillis());
    this.replicaSets = new ReplicaSetController(vertx, kube, caches, events, ownerDeletion, random);
    this.deployments = new DeploymentController(vertx, kube, caches, events, ownerDeletion, controllerDelayMs);
    this.garbage = new GarbageCollector(vertx, kube, caches, replicaSets, controllerDelayMs);
    this.kubelet = new Kubelet(vertx, kube, events, ownerDeletion, network, settings, faults, random, caches::pod);
  }

  /**
   * Connects to the API server at {@code kubeUrl} (no kubeconfig is read), starts the informers and completes
   * once their caches are synced and the controllers are running.
   */
  public static Future<PodSimulator> start(Vertx vertx, String kubeUrl, String namespace, PodSettings settings,
                                           Faults faults, Random random) {
    Context context = vertx.getOrCreateContext();
    return context.<PodSimulator>executeBlocking(() -> {
      Config config = new io.fabric8.kubernetes.client.ConfigBuilder(Config.empty())
          .withMasterUrl(kubeUrl).withNamespace(namespace).withRequestRetryBackoffLimit(2)
          .withWatchReconnectInterval(200).build();
      KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
          .withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build();
      KubeAccess kube = new KubeAccess(client, namespace,
          vertx.createSharedWorkerExecutor("loadstone-pod-simulator-" + INSTANCES.incrementAndGet(), WORKERS), context);
      SharedIndexInformer<Deployment> d = client.apps().deployments().inNamespace(namespace).runnableInformer(RESYNC_MS);
      SharedIndexInformer<ReplicaSet> rs = client.apps().replicaSets().inNamespace(namespace).runnableInformer(RESYNC_MS);
      SharedIndexInformer<Pod> p = client.pods().inNamespace(namespace).runnableInformer(RESYNC_MS);
      d.addIndexers(Caches.indexers());
      rs.addIndexers(Caches.indexers());
      p.addIndexers(Caches.indexers());
      PodSimulator simulator = new PodSimulator(vertx, context, kube, new Caches(namespace, d, rs, p), settings,
          faults, random);
      simulator.wire();
      return simulator;
    }, false).compose(simulator -> simulator.startInformers()
        .onFailure(e -> simulator.close())
        .map(simulator))
        .onSuccess(s -> LOG.info("pod simulator running against {} (namespace {})", kubeUrl, namespace));
  }

  /** podIP:3000 -> the pod's VNC server, for Ready pods. */
  public PodNetwork network() {
    return network;
  }

  /** RfbServers currently open (one per Ready pod); 0 after {@link #close()}. Thread-safe. */
  public int rfbServerCount() {
    return kubelet.openRfbServers();
  }

  /** Stops the controllers and informers, closes every RfbServer, then the client. Idempotent. */
  public synchronized Future<Void> close() {
    if (closing == null) {
      closing = Future.<Void>future(p -> context.runOnContext(v -> {
        closed = true;
        deployments.close();
        replicaSets.close();
        garbage.close();
        kubelet.close().onComplete(ar -> p.complete());
      })).compose(v -> context.executeBlocking(() -> {
        for (SharedIndexInformer<?> informer : List.of(caches.deployments, caches.replicaSets, caches.pods)) {
          informer.stop();
        }
        kube.close();
        return null;
      }, false)).<Void>mapEmpty().onComplete(ar -> LOG.info("pod simulator closed"));
    }
    return closing;
  }

  private Future<Void> startInformers() {
    return Future.all(List.of(
            Future.fromCompletionStage(caches.deployments.start(), context),
            Future.fromCompletionStage(caches.replicaSets.start(), context),
            Future.fromCompletionStage(caches.pods.start(), context)))
        .timeout(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        // Like WaitForCacheSync: a controller that ran on a partial cache would, e.g., see a ReplicaSet but not
        // yet its pods, and create a duplicate.
        .compose(v -> Future.<Void>future(p -> context.runOnContext(x -> {
          deployments.start();
          replicaSets.start();
          garbage.start();
          p.complete();
        })));
  }

  private void wire() {
    caches.deployments.addEventHandler(handler("Deployment",
        d -> deployments.enqueue(d.getMetadata().getName()),
        d -> {
          deployments.deploymentGone(d);
          garbage.ownerGone(d.getMetadata().getUid());
        }));
    caches.replicaSets.addEventHandler(handler("ReplicaSet",
        rs -> {
          replicaSets.enqueue(rs.getMetadata().getName());
          deployments.replicaSetChanged(rs);
          garbage.check(rs);
        },
        rs -> {
          replicaSets.replicaSetGone(rs);
          deployments.replicaSetChanged(rs);
          garbage.ownerGone(rs.getMetadata().getUid());
        }));
    caches.pods.addEventHandler(handler("Pod",
        pod -> {
          replicaSets.podSeen(pod);
          ownerReplicaSet(pod);
          deployments.podChanged(pod);
          kubelet.observe(pod);
          garbage.check(pod);
        },
        pod -> {
          replicaSets.podGone(pod);
          ownerReplicaSet(pod);
          deployments.podChanged(pod);
          kubelet.gone(pod);
        }));
  }

  private void ownerReplicaSet(Pod pod) {
    Caches.controllerOf(pod).filter(r -> "ReplicaSet".equals(r.getKind()))
        .ifPresent(ref -> replicaSets.enqueue(ref.getName()));
  }

  /**
   * Hands every informer callback to the simulator's context; a failing handler is logged, never fatal, and an
   * object of another kind than the informer's (a watch delivering foreign events) is ignored.
   */
  private <T extends HasMetadata> ResourceEventHandler<T> handler(String kind, Consumer<T> changed, Consumer<T> gone) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        dispatch(kind, changed, obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        dispatch(kind, changed, newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        dispatch(kind, gone, obj);
      }
    };
  }

  private <T extends HasMetadata> void dispatch(String kind, Consumer<T> action, T obj) {
    if (!Caches.isKind(obj, kind)) {
      if (foreignWarned.compareAndSet(false, true)) {
        LOG.warn("{} informer received a {} ({}): ignored; the API server's watch mixes kinds", kind, obj.getKind(),
            obj.getMetadata().getName());
      } else {
        LOG.debug("{} informer received a {} ({}): ignored", kind, obj.getKind(), obj.getMetadata().getName());
      }
      return;
    }
    context.runOnContext(v -> {
      if (closed) {
        return;
      }
      try {
        action.accept(obj);
      } catch (RuntimeException e) {
        LOG.error("{} {}: handler failed", obj.getKind(), obj.getMetadata().getName(), e);
      }
    });
  }
}
