package io.loadstone.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.PlanLoader;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The run's backstop: one lifecycle of deadlines per wave of sessions the workers can hold at once. */
@ExtendWith(VertxExtension.class)
class SafetyTimeoutTest {
  // lifecycle: max(provisioned, podReady, running) 30s + tunnelUp 5s + hold 10s + cleanedUp 15s = 60s
  private static final Plan PLAN = PlanLoader.parse("plan.yaml", """
      name: t
      sessions: {count: 10, template: firefox-browser}
      hold: 10s
      timeouts: {provisioned: 10s, podReady: 20s, running: 30s, tunnelUp: 5s, cleanedUp: 15s}
      """);

  @Test
  void allAtOnceIsOneLifecyclePlusTheMargin() {
    assertThat(SafetyTimeout.of(PLAN, 0)).isEqualTo(Duration.ofSeconds(60).plus(SafetyTimeout.MARGIN));
    assertThat(SafetyTimeout.of(PLAN, 10)).isEqualTo(SafetyTimeout.of(PLAN, 0));
    assertThat(SafetyTimeout.of(PLAN, 50)).isEqualTo(SafetyTimeout.of(PLAN, 0));
  }

  @Test
  void fewerSlotsThanSessionsAllowALifecyclePerWave() {
    assertThat(SafetyTimeout.of(PLAN, 4)).isEqualTo(Duration.ofSeconds(3 * 60).plus(SafetyTimeout.MARGIN));
    assertThat(SafetyTimeout.of(PLAN, 1)).isEqualTo(Duration.ofSeconds(10 * 60).plus(SafetyTimeout.MARGIN));
  }

  @Test
  void afterALossTheRestGetsALifecyclePerWaveAtTheLiveCapacity() {
    assertThat(SafetyTimeout.forRest(PLAN, 7, 0)).isEqualTo(Duration.ofSeconds(60).plus(SafetyTimeout.MARGIN));
    assertThat(SafetyTimeout.forRest(PLAN, 7, 7)).isEqualTo(Duration.ofSeconds(60).plus(SafetyTimeout.MARGIN));
    assertThat(SafetyTimeout.forRest(PLAN, 7, 3)).isEqualTo(Duration.ofSeconds(3 * 60).plus(SafetyTimeout.MARGIN));
    assertThat(SafetyTimeout.forRest(PLAN, 0, 3)).isEqualTo(Duration.ofSeconds(60).plus(SafetyTimeout.MARGIN));
  }

  @Test
  void theDeadlineMovesLaterButNeverEarlier(Vertx vertx, VertxTestContext test) {
    long started = System.nanoTime();
    SafetyTimeout safety = new SafetyTimeout(() -> test.verify(() -> {
      // armed for 300 ms, moved to 600 ms from the 100 ms mark, not moved back by the later, shorter ask
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(700);
      test.completeNow();
    }));
    vertx.runOnContext(v -> {
      safety.start(vertx, Duration.ofMillis(300));
      vertx.setTimer(100, t -> {
        test.verify(() -> assertThat(safety.atLeast(Duration.ofMillis(600))).isTrue());
        vertx.setTimer(100, u -> test.verify(() -> assertThat(safety.atLeast(Duration.ofMillis(50))).isFalse()));
      });
    });
  }

  @Test
  void aCancelledTimerNeverFiresAndIsNotMoved(Vertx vertx, VertxTestContext test) {
    SafetyTimeout safety = new SafetyTimeout(() -> test.failNow("the cancelled safety timeout fired"));
    vertx.runOnContext(v -> {
      safety.start(vertx, Duration.ofMillis(100));
      safety.cancel();
      test.verify(() -> assertThat(safety.atLeast(Duration.ofMillis(200))).isFalse());
      vertx.setTimer(400, t -> test.completeNow());
    });
  }
}
