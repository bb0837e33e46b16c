package io.loadstone.worker.kube;

import static io.loadstone.worker.TestSupport.failure;
import static io.loadstone.worker.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.loadstone.sandbox.testing.TestSandbox;
import io.loadstone.sandbox.truth.SessionTruth;
import io.loadstone.sandbox.truth.TruthEvent;
import io.loadstone.worker.TestSupport;
import io.loadstone.worker.kube.KubeFact.Change;
import io.loadstone.worker.kube.KubeFact.Kind;
import io.loadstone.worker.platform.CreateSessionRequest;
import io.loadstone.worker.platform.PlatformClient;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One observer on the sandbox's Kubernetes API, checked against the API server's own commit times. */
class KubeObserverTest {
  private static final long MAX_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static TestSandbox sandbox;
  private static Vertx vertx;
  private static PlatformClient platform;
  private static KubeObserver observer;
  private static Context owner;
  private static final List<KubeFact> facts = new CopyOnWriteArrayList<>();
  private static final List<Boolean> onOwner = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    sandbox = TestSupport.startSandbox("", "");
    vertx = Vertx.vertx();
    platform = TestSupport.adminClient(vertx, sandbox);
    owner = vertx.getOrCreateContext();
    Promise<KubeObserver> made = Promise.promise();
    owner.runOnContext(v -> made.complete(KubeObserver.create(vertx,
        KubeTarget.master(sandbox.endpoints().kubernetes(), TestSandbox.NAMESPACE), fact -> {
          onOwner.add(Vertx.currentContext() == owner);
          facts.add(fact);
        })));
    observer = result(made.future());
    result(observer.start());
  }

  @AfterAll
  static void stop() {
    result(observer.close());
    result(platform.close());
    result(vertx.close());
    sandbox.close();
  }

  private static String createRunning(boolean persistentHome) {
    return createRunning("admin", persistentHome);
  }

  private static String createRunning(String user) {
    return createRunning(user, false);
  }

  private static String createRunning(String user, boolean persistentHome) {
    String id = result(platform.createSession(new CreateSessionRequest(user, "firefox-browser", null,
        persistentHome, null))).name();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(sandbox.state(id)));
    return id;
  }

  private static Optional<KubeFact> first(String session, Kind kind, Change change) {
    return facts.stream().filter(f -> f.sessionId().equals(session) && f.kind() == kind && f.change() == change)
        .findFirst();
  }

  private static Optional<KubeFact> firstReadyPod(String session) {
    return facts.stream().filter(f -> f.sessionId().equals(session) && f.kind() == Kind.POD
        && f.change() != Change.DELETED && ready((Pod) f.object())).findFirst();
  }

  private static List<String> podFacts(String session) {
    return facts.stream().filter(f -> f.sessionId().equals(session) && f.kind() == Kind.POD)
        .map(f -> f.change() + " " + f.name() + (ready((Pod) f.object()) ? " ready" : "")
            + (f.object().getMetadata().getDeletionTimestamp() != null ? " deleting" : "")).toList();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void assertLag(String what, long observedNanos, SessionTruth truth, TruthEvent event) {
    long committed = truth.nanos(event).orElseThrow(() -> new AssertionError("no ground truth for " + event));
    assertThat(observedNanos - committed).as("%s: observed minus committed (ns)", what)
        .isGreaterThanOrEqualTo(0L).isLessThan(MAX_LAG_NANOS);
  }

  @Test
  void aSessionsFactsArriveInOrderShortlyAfterTheApiServerCommittedThem() {
    String id = createRunning(true);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> first(id, Kind.SESSION_CR, Change.ADDED).isPresent()
        && first(id, Kind.PVC, Change.ADDED).isPresent() && firstReadyPod(id).isPresent());

    KubeFact deployment = first(id, Kind.DEPLOYMENT, Change.ADDED).orElseThrow();
    KubeFact service = first(id, Kind.SERVICE, Change.ADDED).orElseThrow();
    KubeFact podAdded = first(id, Kind.POD, Change.ADDED).orElseThrow();
    KubeFact podReady = firstReadyPod(id).orElseThrow();
    KubeFact cr = first(id, Kind.SESSION_CR, Change.ADDED).orElseThrow();
    assertThat(deployment.observedNanos()).isLessThan(podAdded.observedNanos());
    assertThat(podAdded.observedNanos()).isLessThan(podReady.observedNanos());
    assertThat(podReady.observedNanos()).isLessThan(cr.observedNanos());
    assertThat(service.observedNanos()).isLessThan(cr.observedNanos());
    assertThat(deployment.name()).isEqualTo(id);
    assertThat(cr.name()).isEqualTo(id);
    assertThat(first(id, Kind.PVC, Change.ADDED).orElseThrow().name()).isEqualTo(id + "-home");

    SessionTruth truth = sandbox.sandbox().truth().find(id).orElseThrow();
    assertLag("Deployment added", deployment.observedNanos(), truth, TruthEvent.DEPLOYMENT_CREATED);
    assertLag("Service added", service.observedNanos(), truth, TruthEvent.SERVICE_CREATED);
    assertLag("Pod added", podAdded.observedNanos(), truth, TruthEvent.POD_CREATED);
    assertLag("Pod ready", podReady.observedNanos(), truth, TruthEvent.POD_READY);
    assertThat(podReady.name()).isEqualTo(truth.attribute("podName"));
    assertThat(onOwner).isNotEmpty().containsOnly(true);
  }

  @Test
  void theIndexesAnswerBySessionAndEventsByPod() {
    String id = createRunning(true);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> observer.sessionCr(id).isPresent());

    assertThat(observer.deployment(id)).get().extracting(d -> d.getMetadata().getName()).isEqualTo(id);
    assertThat(observer.service(id)).get().extracting(s -> s.getSpec().getSelector().get("session")).isEqualTo(id);
    List<Pod> pods = observer.pods(id);
    assertThat(pods).as("pod facts %s", podFacts(id)).hasSize(1);
    assertThat(observer.pvc(id)).get().extracting(p -> p.getMetadata().getName()).isEqualTo(id + "-home");
    assertThat(observer.sessionCr(id)).get().extracting(c -> c.getMetadata().getName()).isEqualTo(id);
    String podName = pods.get(0).getMetadata().getName();
    Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> !observer.events(podName).isEmpty());
    assertThat(observer.events(podName)).allMatch(e -> e.getInvolvedObject().getName().equals(podName))
        .extracting(e -> e.getReason()).contains("Scheduled");
    Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> facts.stream()
        .anyMatch(f -> f.kind() == Kind.EVENT && f.sessionId().equals(id)));

    assertThat(observer.deployment("admin-firefox-browser-00000000")).isEmpty();
    assertThat(observer.pods("admin-firefox-browser-00000000")).isEmpty();
  }

  @Test
  void theCacheKeepsWhatLoadstoneReadsOfAPodAndDropsTheRest() {
    String id = createRunning(false);
    Pod full = sandbox.kube().pods().withLabel("session", id).list().getItems().get(0);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> observer.pods(id).stream().anyMatch(p ->
        p.getMetadata().getResourceVersion().equals(full.getMetadata().getResourceVersion())));
    Pod slim = observer.pods(id).get(0);

    assertThat(slim.getMetadata().getName()).isEqualTo(full.getMetadata().getName());
    assertThat(slim.getMetadata().getLabels()).containsEntry("session", id);
    assertThat(slim.getStatus().getPhase()).isEqualTo(full.getStatus().getPhase());
    assertThat(slim.getStatus().getPodIP()).isEqualTo(full.getStatus().getPodIP());
    assertThat(slim.getStatus().getConditions()).extracting(PodCondition::getType, PodCondition::getStatus)
        .containsExactlyElementsOf(full.getStatus().getConditions().stream()
            .map(c -> org.assertj.core.groups.Tuple.tuple(c.getType(), c.getStatus())).toList());
    assertThat(slim.getSpec().getContainers()).singleElement().satisfies(c -> {
      assertThat(c.getResources().getRequests()).isEqualTo(full.getSpec().getContainers().get(0).getResources()
          .getRequests());
      assertThat(c.getResources().getLimits()).isEqualTo(full.getSpec().getContainers().get(0).getResources()
          .getLimits());
      assertThat(c.getImage()).isNull();
      assertThat(c.getEnv()).isEmpty();
    });
    assertThat(full.getSpec().getContainers().get(0).getEnv()).as("the API server's pod has env vars").isNotEmpty();
    assertThat(slim.getStatus().getContainerStatuses()).isEmpty();
    assertThat(slim.getMetadata().getManagedFields()).isEmpty();
    assertThat(slim.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(full.getMetadata().getOwnerReferences()).isNotEmpty();
  }

  @Test
  void deletingASessionBringsDeletedFactsAndTheRetainedObjectsStay() {
    String id = createRunning(true);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> observer.sessionCr(id).isPresent());
    String podName = observer.pods(id).get(0).getMetadata().getName();

    result(platform.deleteSession(id));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> first(id, Kind.DEPLOYMENT, Change.DELETED).isPresent()
        && first(id, Kind.SERVICE, Change.DELETED).isPresent() && first(id, Kind.POD, Change.DELETED).isPresent());

    SessionTruth truth = sandbox.sandbox().truth().find(id).orElseThrow();
    assertLag("Deployment deleted", first(id, Kind.DEPLOYMENT, Change.DELETED).orElseThrow().observedNanos(), truth,
        TruthEvent.DEPLOYMENT_GONE);
    assertLag("Service deleted", first(id, Kind.SERVICE, Change.DELETED).orElseThrow().observedNanos(), truth,
        TruthEvent.SERVICE_GONE);
    // the truth keeps the first pod of the session to go, as the first DELETED fact is
    assertLag("Pod deleted", first(id, Kind.POD, Change.DELETED).orElseThrow().observedNanos(), truth,
        TruthEvent.POD_GONE);
    assertThat(facts).as("pod facts %s", podFacts(id))
        .anyMatch(f -> f.kind() == Kind.POD && f.change() == Change.DELETED && f.name().equals(podName));
    assertThat(observer.deployment(id)).isEmpty();
    assertThat(observer.service(id)).isEmpty();
    assertThat(observer.pods(id)).isEmpty();
    // the platform keeps these by design (deletePVC=false, the CR is never deleted)
    assertThat(observer.pvc(id)).isPresent();
    assertThat(observer.sessionCr(id)).isPresent();
    assertThat(first(id, Kind.PVC, Change.DELETED)).isEmpty();
  }

  @Test
  void oneInformerPerKindWhateverTheNumberOfSessions() {
    assertThat(observer.informerCount()).isEqualTo(Kind.values().length);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(createRunning(false));
    }
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ids.stream().allMatch(id -> !observer.pods(id).isEmpty()));
    assertThat(observer.informerCount()).isEqualTo(Kind.values().length);
    assertThat(ids).allMatch(id -> observer.deployment(id).isPresent() && observer.pvc(id).isEmpty());
  }

  @Test
  void aWorkersObserverSkipsRetainedKindsAndHandsOverOnlyTheSessionsItWants() {
    List<KubeFact> seen = new CopyOnWriteArrayList<>();
    SessionInterest interest = new SessionInterest();
    Promise<KubeObserver> made = Promise.promise();
    owner.runOnContext(v -> made.complete(KubeObserver.create(vertx,
        KubeTarget.master(sandbox.endpoints().kubernetes(), TestSandbox.NAMESPACE), KubeObserver.SESSION_KINDS,
        seen::add)));
    KubeObserver worker = result(made.future());
    worker.interest(interest);
    result(worker.start());
    try {
      assertThat(worker.informerCount()).isEqualTo(KubeObserver.SESSION_KINDS.size());
      String other = createRunning(true); // another worker's: its create was never ours to await
      interest.awaiting();
      String mine = createRunning(true);
      interest.named(mine, true);
      // one notification thread per informer: other's Ready pod came before mine, so it would be here by now
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> seen.stream()
          .anyMatch(f -> f.sessionId().equals(mine) && f.kind() == Kind.POD && ready((Pod) f.object())));

      // (its pod's Events may still come while mine is awaited, when every session is wanted)
      assertThat(seen).filteredOn(f -> f.kind() != Kind.EVENT).extracting(KubeFact::sessionId).doesNotContain(other);
      assertThat(worker.pods(other)).as("the indexes keep every session's objects").hasSize(1);
      assertThat(worker.deployment(mine)).isPresent();
      assertThat(observer.pvc(mine)).isPresent();
      assertThat(worker.pvc(mine)).isEmpty();
      assertThat(worker.sessionCr(mine)).isEmpty();
    } finally {
      result(worker.close());
    }
  }

  @Test
  void anObserverOfSomeUsersListsAndWatchesOnlyTheirSessions() {
    String before = createRunning("ann");
    List<KubeFact> seen = new CopyOnWriteArrayList<>();
    Promise<KubeObserver> made = Promise.promise();
    owner.runOnContext(v -> made.complete(KubeObserver.create(vertx,
        KubeTarget.master(sandbox.endpoints().kubernetes(), TestSandbox.NAMESPACE), KubeObserver.SESSION_KINDS,
        seen::add)));
    KubeObserver ofAnn = result(made.future());
    ofAnn.users(List.of("ann"));
    result(ofAnn.start());
    try {
      String bob = createRunning("bob");
      String ann = createRunning("ann");
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> seen.stream()
          .anyMatch(f -> f.sessionId().equals(ann) && f.kind() == Kind.POD && ready((Pod) f.object())));
      assertThat(ofAnn.deployment(before)).as("listed at start").isPresent();
      assertThat(ofAnn.pods(ann)).hasSize(1);
      // the server selected them: bob's objects are neither handed over nor cached
      assertThat(seen).filteredOn(f -> f.kind() != Kind.EVENT).extracting(KubeFact::sessionId).doesNotContain(bob);
      assertThat(ofAnn.deployment(bob)).isEmpty();
      assertThat(ofAnn.pods(bob)).isEmpty();
      assertThat(observer.pods(bob)).as("an observer of everyone sees it").hasSize(1);
    } finally {
      result(ofAnn.close());
    }
  }

  @Test
  void aWorkersObserverReadsAPodsEventsWhenAskedWithoutAnEventInformer() {
    String id = createRunning(false);
    Promise<KubeObserver> made = Promise.promise();
    owner.runOnContext(v -> made.complete(KubeObserver.create(vertx,
        KubeTarget.master(sandbox.endpoints().kubernetes(), TestSandbox.NAMESPACE), KubeObserver.SESSION_KINDS,
        f -> { })));
    KubeObserver worker = result(made.future());
    result(worker.start());
    try {
      String pod = worker.pods(id).get(0).getMetadata().getName();
      List<Event> events = result(worker.podEvents(pod));
      assertThat(events).extracting(Event::getReason).contains("Scheduled", "Started");
      assertThat(events).allSatisfy(e -> assertThat(e.getInvolvedObject().getName()).isEqualTo(pod));
      assertThat(events).extracting(Event::getReason)
          .as("the same Events the namespace-wide informer kept, in the same order")
          .containsExactlyElementsOf(observer.events(pod).stream().map(Event::getReason).toList());
      assertThat(worker.events(pod)).as("nothing cached").isEmpty();
    } finally {
      result(worker.close());
    }
  }

  @Test
  void aClosedObserverLeavesNoThreadBehind() {
    // a worker node serves run after run, each with its observers and their own Vert.x: none may outlive its run
    java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
    for (int i = 0; i < 3; i++) {
      KubeObserver observer = KubeObserver.create(vertx,
          KubeTarget.master(sandbox.endpoints().kubernetes(), TestSandbox.NAMESPACE), KubeObserver.SESSION_KINDS,
          fact -> { });
      result(observer.start());
      result(observer.close());
    }
    // the test's own Vert.x grows its worker pool on demand (start and close block there); an unclosed Vert.x would
    // leave its event loop and its blocked-thread checker, an unclosed client fabric8's pool threads
    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInSameThread().untilAsserted(() -> assertThat(
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t))
            .map(Thread::getName).filter(name -> !name.startsWith("vert.x-worker-thread-"))).isEmpty());
  }

  @Test
  void anUnreachableApiFailsStartWithItsUrl() {
    String url = "http://127.0.0.1:" + TestSupport.closedPort();
    KubeObserver nowhere = KubeObserver.create(vertx, KubeTarget.master(url, "streamspace")
        .withRequestTimeout(Duration.ofSeconds(2)), fact -> { });
    Throwable e = failure(nowhere.start());
    assertThat(e).isInstanceOf(KubeUnreachableException.class);
    assertThat(((KubeUnreachableException) e).url()).startsWith(url);
    assertThat(e.getMessage()).contains(url);
  }

  @Test
  void anUnreadableKubeconfigFailsWithoutQuotingIt() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("kubeconfig", ".yaml");
    java.nio.file.Files.writeString(file, "users: [{name: x, user: {token: s3cr3t-token-value}}\n: : : not yaml {");
    try {
      KubeObserver broken = KubeObserver.create(vertx, KubeTarget.kubeconfig(file.toString(), "streamspace"), f -> { });
      Throwable e = failure(broken.start());
      assertThat(e).isInstanceOf(KubeUnreachableException.class);
      assertThat(e.getMessage()).contains(file.toString()).doesNotContain("s3cr3t-token-value");
      assertThat(e.getCause()).isNull();
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }
}
