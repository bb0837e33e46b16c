package io.loadstone.worker.platform;

import static io.loadstone.worker.TestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loadstone.sandbox.testing.TestSandbox;
import io.loadstone.worker.CountingProxy;
import io.loadstone.worker.TestSupport;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Following API states through a counting proxy in front of the sandbox: every request the client sends is seen.
 * Pods take ~0.8 s to be Ready here, so a session is visibly pending before it runs.
 */
class SessionStatesTest {
  private static final Duration INTERVAL = Duration.ofMillis(100);
  private static TestSandbox sandbox;
  private static Vertx vertx;
  private static CountingProxy proxy;
  private static PlatformClient client;

  @BeforeAll
  static void start() {
    sandbox = TestSupport.startSandbox("", "pods: {readyDelay: {median: 800ms, p99: 1s}}\n");
    vertx = Vertx.vertx();
    proxy = CountingProxy.start(vertx, sandbox.endpoints().api());
    client = PlatformClient.create(vertx, PlatformTarget.of(proxy.url(), sandbox.endpoints().username(),
        sandbox.endpoints().password()));
  }

  @AfterAll
  static void stop() {
    result(client.close());
    result(proxy.close());
    result(vertx.close());
    sandbox.close();
  }

  private static CreateSessionRequest firefox() {
    return new CreateSessionRequest("admin", "firefox-browser", null, false, null);
  }

  @Test
  void followedSessionsGoPendingRunningTerminatingEachChangeReportedOnceOnTheCallersContext() {
    Context owner = vertx.getOrCreateContext();
    List<StateChange> changes = new CopyOnWriteArrayList<>();
    List<Boolean> onOwner = new CopyOnWriteArrayList<>();
    SessionStates states = createOn(owner, change -> {
      onOwner.add(Vertx.currentContext() == owner);
      changes.add(change);
    });
    CreatedSession unfollowed = result(client.createSession(firefox()));
    List<String> ids = new ArrayList<>();
    Map<String, Long> createdNanos = new ConcurrentHashMap<>();
    for (int i = 0; i < 3; i++) {
      CreatedSession created = result(client.createSession(firefox()));
      createdNanos.put(created.name(), System.nanoTime());
      ids.add(created.name());
      states.follow(created.name(), "admin");
    }
    states.start();

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream().allMatch(id -> seen(changes, id, "running")));
    for (String id : ids) {
      result(client.deleteSession(id));
    }
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ids.stream().allMatch(id -> seen(changes, id, "terminating")));
    // terminating is final on the API: a few more intervals must bring no further report
    long callsBefore = states.listCalls();
    Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> states.listCalls() >= callsBefore + 4);
    result(states.stop());

    for (String id : ids) {
      List<StateChange> mine = changes.stream().filter(c -> c.sessionId().equals(id)).toList();
      assertThat(mine).extracting(StateChange::state).containsExactly("pending", "running", "terminating");
      assertThat(mine).extracting(StateChange::previousState).containsExactly(null, "pending", "running");
      assertThat(mine.get(0).observedNanos()).isGreaterThan(createdNanos.get(id));
      assertThat(mine).extracting(StateChange::observedNanos).isSorted();
      assertThat(mine.get(1).view().podName()).isNotNull();
    }
    assertThat(changes).noneMatch(c -> c.sessionId().equals(unfollowed.name()));
    assertThat(onOwner).isNotEmpty().containsOnly(true);
  }

  @Test
  void oneListCallPerIntervalForAllSessionsAndNoneWhileFollowingNothing() {
    SessionStates states = createOn(vertx.getOrCreateContext(), change -> { });
    states.start();
    long idle = proxy.count("GET /api/v1/sessions");
    Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
        .until(() -> proxy.count("GET /api/v1/sessions") == idle);

    for (int i = 0; i < 4; i++) {
      states.follow(result(client.createSession(firefox())).name(), "admin");
    }
    long before = proxy.count("GET /api/v1/sessions");
    long beforeNanos = System.nanoTime();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> proxy.count("GET /api/v1/sessions") >= before + 12);
    long elapsedMillis = (System.nanoTime() - beforeNanos) / 1_000_000;
    long calls = proxy.count("GET /api/v1/sessions") - before;
    result(states.stop());
    long stoppedAt = proxy.count("GET /api/v1/sessions");

    // n calls started within the window need at least n - 2 whole intervals between them (the window may cut
    // one interval at each end)
    assertThat(elapsedMillis).as("%d list calls for 4 sessions", calls)
        .isGreaterThanOrEqualTo((calls - 2) * INTERVAL.toMillis());
    assertThat(states.listCalls()).isEqualTo(stoppedAt - idle);
    assertThat(proxy.requests()).as("no per-session reads").noneMatch(r -> r.startsWith("GET /api/v1/sessions/"));
    assertThat(proxy.requests()).filteredOn(r -> r.startsWith("GET /api/v1/sessions"))
        .allMatch(r -> r.equals("GET /api/v1/sessions?user=admin"));
    Awaitility.await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(1))
        .until(() -> proxy.count("GET /api/v1/sessions") == stoppedAt);
  }

  @Test
  void perUserPollsCallOncePerOwnerUpToALimitThenListEveryone() {
    assertThat(SessionStates.listFilters(List.of("ann", "bob", "ann"))).containsExactly("ann", "bob");
    List<String> many = java.util.stream.IntStream.rangeClosed(1, SessionStates.MAX_CALLS_PER_POLL + 1)
        .mapToObj(i -> "u" + i).toList();
    assertThat(SessionStates.listFilters(many)).containsExactly((String) null);
  }

  @Test
  void anIntervalAboveTheLimitIsRejected() {
    assertThatThrownBy(() -> new SessionStates(vertx, client, "admin", Duration.ofMillis(251), c -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("250ms");
  }

  private static SessionStates createOn(Context context, io.vertx.core.Handler<StateChange> listener) {
    io.vertx.core.Promise<SessionStates> made = io.vertx.core.Promise.promise();
    context.runOnContext(x -> made.complete(new SessionStates(vertx, client, "admin", INTERVAL, listener)));
    return result(made.future());
  }

  private static boolean seen(List<StateChange> changes, String id, String state) {
    return changes.stream().anyMatch(c -> c.sessionId().equals(id) && c.state().equals(state));
  }
}
