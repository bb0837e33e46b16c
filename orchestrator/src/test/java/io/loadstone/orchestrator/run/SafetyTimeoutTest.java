package io.loadstone.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.PlanLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The run's backstop: one lifecycle of deadlines per wave of sessions the workers can hold at once. */
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
}
