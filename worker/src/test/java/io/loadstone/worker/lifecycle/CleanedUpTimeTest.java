package io.loadstone.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.SessionJob;
import io.loadstone.common.message.SessionOutcome;
import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.PlanLoader;
import io.loadstone.sandbox.SandboxEndpoints;
import io.loadstone.sandbox.testing.TestSandbox;
import io.loadstone.worker.TestSupport;
import io.loadstone.worker.kube.KubeFact;
import io.loadstone.worker.kube.KubeObserver;
import io.loadstone.worker.kube.KubeTarget;
import io.loadstone.worker.platform.PlatformClient;
import io.loadstone.worker.platform.SessionStates;
import io.loadstone.worker.vnc.RfbClient;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * cleanedUp is the observation of the session's last object deletion, even when the observer's indexes are ahead of
 * the facts: fabric8 updates an informer's store on its own thread before the fact reaches the worker's context, so
 * on a busy event loop the Pod's deletion fact can arrive when the Deployment is already gone from the index. Real
 * sandbox, real informers and lifecycle; this test plays the worker's routing and holds the three deletion facts back
 * until all have been observed, then hands them over Pod first, as a delayed event loop would.
 */
@Timeout(60)
class CleanedUpTimeTest {
  private static final Plan PLAN = PlanLoader.parse("plan.yaml", """
      name: cleaned-up-time
      sessions: {count: 1, template: firefox-browser, resources: {memory: 512Mi, cpu: 250m}, persistentHome: false}
      hold: 100ms
      checks: []
      """);
  private static final List<KubeFact.Kind> GONE = List.of(KubeFact.Kind.POD, KubeFact.Kind.SERVICE,
      KubeFact.Kind.DEPLOYMENT);
  private final TestSandbox sandbox = TestSupport.startSandbox("", "");
  private final Vertx vertx = Vertx.vertx();
  private final List<PhaseEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
    sandbox.close();
  }

  @Test
  void cleanedUpIsTheLastDeletionsObservationNotTheFirstFactToFindTheIndexesEmpty() throws Exception {
    Context context = vertx.getOrCreateContext();
    Relay relay = new Relay();
    Promise<SessionOutcome> outcome = Promise.promise();
    SandboxEndpoints ep = sandbox.endpoints();
    context.runOnContext(v -> {
      PlatformClient platform = TestSupport.adminClient(vertx, sandbox);
      KubeObserver kube = KubeObserver.create(vertx, KubeTarget.master(ep.kubernetes(), ep.namespace()),
          KubeObserver.SESSION_KINDS, relay::onFact);
      SessionStates states = new SessionStates(vertx, platform, "admin", SessionStates.MAX_INTERVAL, relay::onState);
      relay.states = states;
      LifecycleServices services = new LifecycleServices(vertx, "w1", PLAN, platform, kube, states,
          RfbClient.create(vertx, platform, PLAN.timeouts().tunnelUp()), events::add, relay);
      SessionLifecycle lifecycle = new SessionLifecycle(services,
          new SessionJob(new RunId("cleaned-up-time"), "s0001", 1, "admin", null));
      platform.login().compose(x -> kube.start()).onSuccess(x -> states.start())
          .compose(x -> lifecycle.run()).onComplete(outcome);
    });

    SessionOutcome result = outcome.future().toCompletionStage().toCompletableFuture().get(45, TimeUnit.SECONDS);

    assertThat(result.outcome()).as(String.valueOf(result.diagnosis())).isEqualTo(SessionOutcome.Outcome.COMPLETED);
    assertThat(relay.deletions).as("the Pod's deletion was handed over first").containsKeys(GONE.toArray(
        KubeFact.Kind[]::new));
    long lastDeletion = relay.deletions.values().stream().mapToLong(KubeFact::observedNanos).max().orElseThrow();
    long podDeletion = relay.deletions.get(KubeFact.Kind.POD).observedNanos();
    assertThat(lastDeletion).as("the Deployment goes after its Pod").isGreaterThan(podDeletion);
    PhaseEvent cleanedUp = events.stream().filter(e -> e.phase() == Phase.CLEANED_UP).findFirst().orElseThrow();
    assertThat(cleanedUp.observedNanos()).isEqualTo(lastDeletion);
  }

  /** The worker's routing of facts and states to its one lifecycle, with the deletion facts held back. */
  private static final class Relay implements LifecycleServices.Peers {
    private final List<KubeFact> early = new ArrayList<>();
    private final List<KubeFact> held = new ArrayList<>();
    /** kind -> the deletion fact handed over */
    final Map<KubeFact.Kind, KubeFact> deletions = new EnumMap<>(KubeFact.Kind.class);
    SessionStates states;
    private SessionLifecycle lifecycle;

    @Override
    public void created(SessionLifecycle created) {
      lifecycle = created;
      states.follow(created.sessionId(), "admin");
      List<KubeFact> ours = early.stream().filter(f -> f.sessionId().equals(created.sessionId())).toList();
      early.clear();
      lifecycle.replay(ours);
    }

    @Override
    public Optional<String> podIpOwnerOtherThan(String ip, String self) {
      return Optional.empty();
    }

    void onFact(KubeFact fact) {
      if (lifecycle == null) {
        early.add(fact);
        return;
      }
      if (!fact.sessionId().equals(lifecycle.sessionId())) {
        return;
      }
      if (fact.change() != KubeFact.Change.DELETED || !GONE.contains(fact.kind())) {
        lifecycle.onFact(fact);
        return;
      }
      held.add(fact);
      if (held.stream().map(KubeFact::kind).distinct().count() == GONE.size()) {
        // every index is empty by now: hand the deletions over Pod first, each with its own observation time
        for (KubeFact.Kind kind : GONE) {
          held.stream().filter(f -> f.kind() == kind).forEach(f -> {
            deletions.put(kind, f);
            lifecycle.onFact(f);
          });
        }
        held.clear();
      }
    }

    void onState(io.loadstone.worker.platform.StateChange change) {
      if (lifecycle != null && change.sessionId().equals(lifecycle.sessionId())) {
        lifecycle.onState(change);
      }
    }
  }
}
