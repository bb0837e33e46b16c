package io.loadstone.worker.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a worker sees of the sessions' Kubernetes objects, through ONE fabric8 client and ONE informer per kind
 * (Deployments, Services, Pods, PVCs, Events, {@code stream.space/v1alpha1} Session CRs) over the sessions'
 * namespace, however many sessions there are. Deployments, Services and Pods are restricted to
 * {@code app=streamspace-session}; PVCs and Session CRs are watched whole, since a platform may leave them
 * unlabelled, and are tied to sessions by name. Events are watched for Pods only
 * ({@code involvedObject.kind=Pod}): those are the only ones read (a pod-not-ready diagnosis quotes them); the
 * ReplicaSets' and Deployments' would only cost a decode each. A worker observes {@link #SESSION_KINDS} only, and
 * hands over only the facts of the sessions it wants ({@link #interest}).
 * <p>
 * Every change becomes a {@link KubeFact} stamped with {@code System.nanoTime()} on the informer's thread the moment
 * it arrives, then handed to the listener on the context that created this observer. Facts that belong to no
 * session (another application's Event, say) are dropped. The query methods read the informers' indexes (by the
 * {@code session} label, or by name) and may be called from any thread.
 * <p>
 * Memory: the caches hold {@link Slim} copies (only the fields Loadstone reads), and Events are not cached: the last
 * few about each session pod are kept while the pod exists ({@link PodEvents}), so the heap grows with the live
 * sessions only, not with every Event the namespace has seen. Objects in facts and query answers are those slim
 * copies: read-only.
 * <pre>
 * KubeObserver kube = KubeObserver.create(vertx, KubeTarget.master(url, "streamspace"), fact -> ...);
 * kube.start()            // completes once every informer has synced
 *     .onFailure(...)     // KubeUnreachableException
 * kube.pods(sessionId); kube.events(podName);
 * kube.close();
 * </pre>
 */
public final class KubeObserver implements KubeIndex {
  static final String BY_SESSION = "session";
  /** the platform's Session custom resource; named here so no discovery request is needed */
  static final ResourceDefinitionContext SESSION_CR = new ResourceDefinitionContext.Builder()
      .withGroup("stream.space").withVersion("v1alpha1").withKind("Session").withPlural("sessions")
      .withNamespaced(true).build();
  private static final Logger LOG = LoggerFactory.getLogger(KubeObserver.class);
  /**
   * What a session's lifecycle is judged on: its Deployment, Service and Pod. The home PVC and the Session CR, which
   * the platform keeps after a delete, only matter to cleanup, and their informers would list every one the namespace
   * ever had. Events are evidence only, read for a pod when a diagnosis needs them ({@link #podEvents}): they carry no
   * session label, so an Event informer cannot be split by user, and it lists every Event the namespace kept (an
   * hour's worth on a real cluster, every earlier run's in a long-lived sandbox) each time a worker starts; in the
   * cluster bench that was most of what a second worker added.
   */
  public static final Set<KubeFact.Kind> SESSION_KINDS = Set.copyOf(EnumSet.of(KubeFact.Kind.DEPLOYMENT,
      KubeFact.Kind.SERVICE, KubeFact.Kind.POD));

  private final Vertx vertx;
  private final Context context;
  private final KubeTarget target;
  private final Handler<KubeFact> listener;
  private final Set<KubeFact.Kind> kinds;
  private volatile Predicate<String> interest = session -> true;
  private volatile String[] users;
  private final Map<KubeFact.Kind, SharedIndexInformer<? extends HasMetadata>> informers =
      java.util.Collections.synchronizedMap(new EnumMap<>(KubeFact.Kind.class));
  private volatile boolean closed;
  private volatile String url;
  private volatile String namespace;
  private volatile KubernetesClient client;
  /** the client's own Vert.x (see {@link KubeConfigs#ioVertx()}); set with the client, under this object's lock */
  private Vertx io;
  private volatile SharedIndexInformer<Deployment> deployments;
  private volatile SharedIndexInformer<Service> services;
  private volatile SharedIndexInformer<Pod> pods;
  private volatile SharedIndexInformer<PersistentVolumeClaim> pvcs;
  private volatile SharedIndexInformer<GenericKubernetesResource> sessionCrs;
  private final Map<KubeFact.Kind, SlimStore<? extends HasMetadata>> stores = new EnumMap<>(KubeFact.Kind.class);
  private final PodEvents podEvents = new PodEvents();
  /** guards started/closing; never held while fabric8 works */
  private final Object lifecycle = new Object();
  private Future<Void> closing;
  private boolean started;

  private KubeObserver(Vertx vertx, KubeTarget target, Set<KubeFact.Kind> kinds, Handler<KubeFact> listener) {
    this.vertx = vertx;
    this.kinds = Set.copyOf(kinds);
    this.context = vertx.getOrCreateContext();
    this.target = Objects.requireNonNull(target, "target");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.url = target.describe();
  }

  /** An observer whose facts go to {@code listener} on the calling context (a new one outside Vert.x threads). */
  public static KubeObserver create(Vertx vertx, KubeTarget target, Handler<KubeFact> listener) {
    return new KubeObserver(vertx, target, EnumSet.allOf(KubeFact.Kind.class), listener);
  }

  /**
   * As {@link #create(Vertx, KubeTarget, Handler)}, observing only {@code kinds} besides Deployments, Services and Pods
   * (always observed); the queries of the others find nothing.
   */
  public static KubeObserver create(Vertx vertx, KubeTarget target, Set<KubeFact.Kind> kinds,
                                    Handler<KubeFact> listener) {
    return new KubeObserver(vertx, target, kinds, listener);
  }

  /**
   * Which sessions' facts reach the listener (default: all). Asked on the informers' threads, before a fact is copied
   * and handed over, so it must be thread-safe; the indexes keep every object whatever it says.
   */
  public void interest(Predicate<String> wanted) {
    this.interest = Objects.requireNonNull(wanted, "wanted");
  }

  /**
   * Lists and watches only the Deployments, Services and Pods of these users (the server selects them by the
   * {@code user} label), not every session's of the namespace. Events carry no labels: an Event informer (not a
   * worker's) still watches the whole namespace. Call before {@link #start()}.
   */
  public void users(Collection<String> only) {
    if (only.isEmpty()) {
      throw new IllegalArgumentException("users: expected at least one");
    }
    this.users = only.stream().sorted().toArray(String[]::new);
  }

  /**
   * Builds the client and the informers and starts them; completes when all have synced, or fails with
   * {@link KubeUnreachableException} (after closing whatever had started) when the API cannot be listed and watched
   * within three request timeouts.
   */
  public Future<Void> start() {
    synchronized (lifecycle) {
      if (started || closing != null) {
        return Future.failedFuture(new IllegalStateException("a KubeObserver starts once, and not after close()"));
      }
      started = true;
    }
    long limitMillis = target.requestTimeout().toMillis() * 3;
    return context.executeBlocking(() -> {
          build();
          return null;
        }, false)
        .compose(v -> Future.all(List.copyOf(informers.values()).stream()
                .map(i -> Future.fromCompletionStage(i.start(), context)).toList())
            .timeout(limitMillis, TimeUnit.MILLISECONDS))
        .<Void>mapEmpty()
        .onSuccess(v -> LOG.info("observing Kubernetes at {} namespace {}: {} informers synced", url, namespace,
            informers.size()))
        .recover(cause -> {
          KubeUnreachableException failure = cause instanceof KubeUnreachableException k ? k
              : new KubeUnreachableException(url, "informers did not sync: " + Causes.summary(cause), cause);
          LOG.warn("{}", failure.getMessage());
          return close().transform(x -> Future.failedFuture(failure));
        });
  }

  /** Stops the informers and closes the client. Idempotent. */
  public Future<Void> close() {
    synchronized (lifecycle) {
      if (closing == null) {
        closed = true;
        // on a worker, and after a build in progress (same lock): stopping and closing fabric8 may block
        closing = context.executeBlocking(() -> {
          synchronized (this) {
            List.copyOf(informers.values()).forEach(SharedIndexInformer::stop);
            if (client != null) {
              client.close();
            }
            return io;
          }
        }, false).compose(own -> own == null ? Future.succeededFuture() : own.close());
      }
      return closing;
    }
  }

  /** The API server's URL (once started), or how it was to be found. */
  public String url() {
    return url;
  }

  public String namespace() {
    return namespace;
  }

  /** Informers running: one per kind, whatever the number of sessions. */
  public int informerCount() {
    return informers.size();
  }

  @Override
  public Optional<Deployment> deployment(String sessionId) {
    return first(deployments, sessionId);
  }

  @Override
  public Optional<Service> service(String sessionId) {
    return first(services, sessionId);
  }

  @Override
  public List<Pod> pods(String sessionId) {
    return indexed(pods, BY_SESSION, sessionId);
  }

  public Optional<PersistentVolumeClaim> pvc(String sessionId) {
    return first(pvcs, sessionId);
  }

  public Optional<GenericKubernetesResource> sessionCr(String sessionId) {
    return first(sessionCrs, sessionId);
  }

  /**
   * The last Events (up to 16, oldest first) about the pod {@code podName}, while it exists, and shortly before it
   * appears; empty for anything else. Slim copies: type, reason, message, count and the involved object.
   */
  public List<Event> events(String podName) {
    return podName == null ? List.of() : podEvents.of(podName, namespace);
  }

  /**
   * The Events about the pod: those the Event informer kept, or without one, one list call for that pod (on a worker
   * thread: fabric8 blocks), the last {@value PodEvents#PER_POD} oldest first. A failed call is evidence too: it fails.
   */
  @Override
  public Future<List<Event>> podEvents(String podName) {
    if (podName == null) {
      return Future.succeededFuture(List.of());
    }
    if (kinds.contains(KubeFact.Kind.EVENT) || client == null) {
      return Future.succeededFuture(events(podName));
    }
    KubernetesClient c = client;
    return context.executeBlocking(() -> PodEventReader.read(c, namespace, podName), false);
  }


  private synchronized void build() {
    if (closed) {
      throw new IllegalStateException("closed while starting");
    }
    Config config = KubeConfigs.of(target);
    url = config.getMasterUrl();
    namespace = config.getNamespace() != null ? config.getNamespace() : "default";
    io = KubeConfigs.ioVertx();
    client = KubeConfigs.client(io, config);
    deployments = informer(KubeFact.Kind.DEPLOYMENT, Slim::deployment,
        ofUsers(client.apps().deployments().inNamespace(namespace)).runnableInformer(0));
    services = informer(KubeFact.Kind.SERVICE, Slim::service,
        ofUsers(client.services().inNamespace(namespace)).runnableInformer(0));
    pods = informer(KubeFact.Kind.POD, Slim::pod, ofUsers(client.pods().inNamespace(namespace)).runnableInformer(0));
    if (kinds.contains(KubeFact.Kind.PVC)) {
      pvcs = informer(KubeFact.Kind.PVC, Slim::pvc,
          client.persistentVolumeClaims().inNamespace(namespace).runnableInformer(0));
    }
    if (kinds.contains(KubeFact.Kind.SESSION_CR)) {
      sessionCrs = informer(KubeFact.Kind.SESSION_CR, Slim::sessionCr,
          client.genericKubernetesResources(SESSION_CR).inNamespace(namespace).runnableInformer(0));
    }
    if (!kinds.contains(KubeFact.Kind.EVENT)) {
      return;
    }
    SharedIndexInformer<Event> e = client.v1().events().inNamespace(namespace)
        .withField("involvedObject.kind", "Pod").runnableInformer(0);
    e.itemStore(new UncachedStore<>());
    e.removeNamespaceIndex();
    e.exceptionHandler(this::retryOnceStarted);
    e.addEventHandler(new EventFacts(podEvents,
        (change, event, observedNanos) -> deliver(KubeFact.Kind.EVENT, change, event, observedNanos)));
    informers.put(KubeFact.Kind.EVENT, e);
  }

  private <T extends HasMetadata, L> FilterWatchListDeletable<T, L, ?> ofUsers(
      FilterWatchListDeletable<T, L, ?> objects) {
    FilterWatchListDeletable<T, L, ?> sessions = objects.withLabel(SessionKeys.APP_LABEL, SessionKeys.APP);
    return users == null ? sessions : sessions.withLabelIn(SessionKeys.USER_LABEL, users);
  }

  private <T extends HasMetadata> SharedIndexInformer<T> informer(KubeFact.Kind kind, UnaryOperator<T> slim,
                                                                 SharedIndexInformer<T> informer) {
    SlimStore<T> store = new SlimStore<>(slim);
    stores.put(kind, store);
    informer.itemStore(store);
    // nothing asks by namespace (there is one): the default index would only hold a second entry per object
    informer.removeNamespaceIndex();
    informer.addIndexers(SessionKeys.bySession(kind));
    informer.exceptionHandler(this::retryOnceStarted);
    informer.addEventHandler(new ObjectFacts<>(kind, podEvents, this::deliver));
    informers.put(kind, informer);
    return informer;
  }

  /** Before the first sync a failure ends start() (the API is unusable); afterwards the informer keeps retrying. */
  private boolean retryOnceStarted(boolean started, Throwable cause) {
    if (started && !closed) {
      LOG.warn("Kubernetes watch at {} failed, the informer retries: {}", url, Causes.summary(cause));
      return true;
    }
    return false;
  }

  private void deliver(KubeFact.Kind kind, KubeFact.Change change, HasMetadata obj, long observedNanos) {
    if (closed || !SessionKeys.isKind(kind, obj)) {
      return;
    }
    String session = kind == KubeFact.Kind.EVENT ? sessionOfEvent((Event) obj) : SessionKeys.sessionOf(kind, obj);
    if (session == null || !interest.test(session)) {
      return;
    }
    HasMetadata slim = kind == KubeFact.Kind.EVENT ? Slim.event((Event) obj) : slimOf(kind, obj);
    KubeFact fact = new KubeFact(kind, change, session, slim.getMetadata().getName(), slim, observedNanos);
    context.runOnContext(v -> {
      if (closed) {
        return;
      }
      try {
        listener.handle(fact);
      } catch (RuntimeException e) {
        LOG.error("session {}: listener failed on {} {} {}", session, change, kind.apiKind(), fact.name(), e);
      }
    });
  }

  /**
   * The session a pod's Event is about: its pod's {@code session} label, or, before the pod is cached, the session id
   * its name is built from ({@code <id>-<hash>-<5>}) when the cache knows a Deployment or Session CR of that id.
   */
  private String sessionOfEvent(Event event) {
    if (!PodEvents.isAboutPod(event)) {
      return null;
    }
    String name = event.getInvolvedObject().getName();
    Pod pod = pods.getIndexer().getByKey(namespace + "/" + name);
    String labelled = pod == null ? null : SessionKeys.sessionOf(KubeFact.Kind.POD, pod);
    if (labelled != null) {
      return labelled;
    }
    String candidate = SessionKeys.dropSegments(name, 2);
    if (candidate == null) {
      return null;
    }
    boolean known = !indexed(deployments, BY_SESSION, candidate).isEmpty()
        || !indexed(sessionCrs, BY_SESSION, candidate).isEmpty();
    return known ? candidate : null;
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> T slimOf(KubeFact.Kind kind, T obj) {
    return ((SlimStore<T>) stores.get(kind)).slimOf(obj);
  }

  private static <T extends HasMetadata> Optional<T> first(SharedIndexInformer<T> informer, String sessionId) {
    return indexed(informer, BY_SESSION, sessionId).stream().findFirst();
  }

  private static <T extends HasMetadata> List<T> indexed(SharedIndexInformer<T> informer, String index, String key) {
    if (informer == null || key == null) {
      return List.of();
    }
    return new ArrayList<>(informer.getIndexer().byIndex(index, key));
  }
}
