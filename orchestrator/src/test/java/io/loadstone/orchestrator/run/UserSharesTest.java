package io.loadstone.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.common.message.RunId;
import io.loadstone.common.message.ShareRequest;
import io.loadstone.common.message.UserShare;
import io.loadstone.common.message.codec.Codecs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Users dealt out to workers over a real event bus: a worker's request is held until its share is newer than the one
 * it knows, and a user's jobs go to its owner only once the owner has said (by asking again) that it observes it.
 */
class UserSharesTest {
  private static final RunId RUN = new RunId("r-shares");
  private static final List<String> SIX = List.of("u1", "u2", "u3", "u4", "u5", "u6");
  private Vertx vertx;

  @BeforeEach
  void bus() {
    vertx = Vertx.vertx();
    Codecs.registerAll(vertx.eventBus());
  }

  @AfterEach
  void close() {
    done(vertx.close());
  }

  @Test
  void usersAreDealtByCapacityAndRunOnlyOnceTheirWorkerObservesThem() {
    UserShares shares = serve(new UserShares(RUN, SIX, true));
    onContext(() -> {
      shares.joined("a", 100, u -> false);
      shares.joined("b", 200, u -> false);
    });
    Future<UserShare> a = ask("a", 0);
    Future<UserShare> b = ask("b", 0);
    assertThat(waitShort(a)).as("held until the run opens").isFalse();
    onContext(shares::open);

    UserShare ofA = done(a);
    UserShare ofB = done(b);
    assertThat(ofA.everyone()).isFalse();
    assertThat(ofA.generation()).isEqualTo(1);
    assertThat(ofA.users()).hasSize(2);
    assertThat(ofB.users()).hasSize(4).doesNotContainAnyElementsOf(ofA.users());
    String aUser = ofA.users().get(0);
    assertThat(onContext(() -> shares.mayRun("a", aUser))).as("not observed yet").isFalse();

    Future<UserShare> next = ask("a", 1); // a observes share 1 now, and waits for the next
    await(() -> onContext(() -> shares.mayRun("a", aUser)));
    assertThat(onContext(() -> shares.mayRun("b", aUser))).isFalse();
    assertThat(onContext(() -> shares.mayRun("a", ofB.users().get(0)))).isFalse();
    assertThat(waitShort(next)).as("nothing new for a").isFalse();
  }

  @Test
  void aLostWorkersUsersGoToTheLiveOnesWhoseHeldRequestsAreAnswered() {
    UserShares shares = serve(new UserShares(RUN, SIX, true));
    onContext(() -> {
      shares.joined("a", 100, u -> false);
      shares.joined("b", 100, u -> false);
      shares.open();
    });
    UserShare ofA = done(ask("a", 0));
    UserShare ofB = done(ask("b", 0));
    Future<UserShare> aWaits = ask("a", 1);
    Future<UserShare> bWaits = ask("b", 1);
    assertThat(waitShort(aWaits)).isFalse();

    onContext(() -> shares.release("b"));
    UserShare grown = done(aWaits);
    assertThat(grown.generation()).isEqualTo(2);
    assertThat(grown.users()).containsExactlyInAnyOrderElementsOf(SIX);
    assertThat(bWaits.failed()).as("the lost worker's request is failed, not left hanging").isTrue();
    String bUser = ofB.users().get(0);
    assertThat(onContext(() -> shares.mayRun("a", bUser))).as("until a observes share 2").isFalse();
    assertThat(onContext(() -> shares.mayRun("a", ofA.users().get(0)))).isTrue();
    ask("a", 2);
    await(() -> onContext(() -> shares.mayRun("a", bUser)));
    assertThat(onContext(() -> shares.owned())).containsOnlyKeys("a");

    Future<UserShare> last = ask("a", 2);
    assertThat(waitShort(last)).isFalse();
    onContext(() -> shares.close("run over"));
    assertThat(waitShort(last)).as("refused at the end of the run, not left waiting").isTrue();
    assertThat(last.failed()).isTrue();
  }

  @Test
  void aLateWorkerTakesUsersNobodyStartedAndOrphans() {
    UserShares shares = serve(new UserShares(RUN, List.of("u1", "u2", "u3", "u4"), true));
    onContext(() -> {
      shares.joined("a", 100, u -> false);
      shares.open();
    });
    assertThat(done(ask("a", 0)).users()).containsExactly("u1", "u2", "u3", "u4");
    Set<String> started = Set.of("u1", "u2", "u3");
    onContext(() -> shares.joined("c", 100, started::contains));
    UserShare ofC = done(ask("c", 0));
    assertThat(ofC.users()).as("only the unstarted user moves").containsExactly("u4");
    assertThat(onContext(() -> shares.owned().get("a"))).containsExactly("u1", "u2", "u3");
  }

  @Test
  void oneUserIsNotSplitAndEveryWorkerObservesEverything() {
    UserShares shares = serve(new UserShares(RUN, List.of("admin"), true));
    UserShare share = done(ask("a", 0));
    assertThat(share.everyone()).as("answered at once, even before the run opens").isTrue();
    assertThat(onContext(() -> shares.mayRun("anyone", "admin"))).isTrue();
  }

  private io.vertx.core.Context context;

  private UserShares serve(UserShares shares) {
    context = vertx.getOrCreateContext();
    done(onContext(() -> vertx.eventBus().<ShareRequest>consumer("shares", shares::request).completion()));
    return shares;
  }

  private Future<UserShare> ask(String worker, int known) {
    return vertx.eventBus().<UserShare>request("shares", new ShareRequest(RUN, worker, known),
        new DeliveryOptions().setSendTimeout(60_000)).map(m -> m.body())
        .recover(cause -> Future.failedFuture(cause instanceof ReplyException r ? r : cause));
  }

  private void onContext(Runnable action) {
    onContext(() -> {
      action.run();
      return true;
    });
  }

  private <T> T onContext(java.util.concurrent.Callable<T> action) {
    return done(Future.<T>future(p -> context.runOnContext(v -> {
      try {
        p.complete(action.call());
      } catch (Exception e) {
        p.fail(e);
      }
    })));
  }

  private static <T> T done(Future<T> future) {
    try {
      return future.await(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("not done in 5 s", e);
    }
  }

  /** False when the future is still pending after a short grace (it is being held). */
  private static boolean waitShort(Future<?> future) {
    try {
      future.await(300, TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (RuntimeException e) {
      return true;
    }
  }

  private static void await(java.util.concurrent.Callable<Boolean> condition) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(condition);
  }
}
