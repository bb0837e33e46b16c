package io.loadstone.orchestrator.run;

import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.Timeouts;
import io.loadstone.orchestrator.steps.StepRunner;
import java.time.Duration;

/**
 * How long a run may take before it is ended with whatever outcomes it has: the backstop for a worker or platform
 * that never answers, never the way a healthy run ends.
 */
final class SafetyTimeout {
  static final Duration MARGIN = Duration.ofSeconds(60);

  private SafetyTimeout() {
  }

  /**
   * Every phase deadline in a row, the hold, and a margin for requests and start-up, once per wave of sessions when the
   * workers run {@code capacity} at once in all (0: all at once; the others wait for a slot); with steps, also the
   * longest they can take, and with create-sessions steps a second lifecycle after them.
   */
  static Duration of(Plan plan, int capacity) {
    Timeouts t = plan.timeouts();
    Duration up = max(max(t.provisioned(), t.podReady()), t.running());
    Duration lifecycle = up.plus(t.tunnelUp()).plus(plan.hold()).plus(t.cleanedUp());
    Duration steps = StepRunner.longest(plan.steps());
    boolean adds = plan.maxSessions() > plan.sessions().count();
    long waves = capacity <= 0 ? 1 : Math.max(1, (plan.maxSessions() + capacity - 1) / capacity);
    return lifecycle.multipliedBy(waves).plus(steps).plus(adds ? lifecycle : Duration.ZERO).plus(MARGIN);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
