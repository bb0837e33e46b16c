package io.loadstone.orchestrator.run;

import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.Timeouts;
import io.loadstone.orchestrator.steps.StepRunner;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * How long a run may take before it is ended with whatever outcomes it has: the backstop for a worker or platform
 * that never answers, never the way a healthy run ends. The timer lives on the run verticle's context; the deadline
 * only ever moves later, when a lost or drained worker's sessions start again elsewhere.
 */
final class SafetyTimeout {
  static final Duration MARGIN = Duration.ofSeconds(60);

  private final Runnable onExpiry;
  private Vertx vertx;
  private long timer = -1;
  private long deadlineNanos;

  SafetyTimeout(Runnable onExpiry) {
    this.onExpiry = onExpiry;
  }

  /**
   * Every phase deadline in a row, the hold, and a margin for requests and start-up, once per wave of sessions when the
   * workers run {@code capacity} at once in all (0: all at once; the others wait for a slot); with steps, also the
   * longest they can take, and with create-sessions steps a second lifecycle after them.
   */
  static Duration of(Plan plan, int capacity) {
    Duration lifecycle = lifecycle(plan);
    Duration steps = StepRunner.longest(plan.steps());
    boolean adds = plan.maxSessions() > plan.sessions().count();
    return lifecycle.multipliedBy(waves(plan.maxSessions(), capacity)).plus(steps)
        .plus(adds ? lifecycle : Duration.ZERO).plus(MARGIN);
  }

  /**
   * What the {@code left} sessions without an outcome need from now, once a worker's sessions were offered again: a
   * whole lifecycle per wave of them at the live workers' {@code capacity} (an adopted session may start over), and
   * the margin.
   */
  static Duration forRest(Plan plan, int left, int capacity) {
    return lifecycle(plan).multipliedBy(waves(left, capacity)).plus(MARGIN);
  }

  /** Arms the timer, on the caller's context, to expire {@code after} from now. */
  void start(Vertx vertx, Duration after) {
    this.vertx = vertx;
    arm(System.nanoTime() + after.toNanos());
  }

  /** Moves the deadline to {@code after} from now when that is later than it is; returns whether it moved. */
  boolean atLeast(Duration after) {
    long wanted = System.nanoTime() + after.toNanos();
    if (timer < 0 || wanted - deadlineNanos <= 0) {
      return false;
    }
    vertx.cancelTimer(timer);
    arm(wanted);
    return true;
  }

  void cancel() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void arm(long deadline) {
    deadlineNanos = deadline;
    long millis = Math.max(1, (deadline - System.nanoTime() + 999_999) / 1_000_000);
    timer = vertx.setTimer(millis, id -> {
      timer = -1;
      onExpiry.run();
    });
  }

  private static Duration lifecycle(Plan plan) {
    Timeouts t = plan.timeouts();
    Duration up = max(max(t.provisioned(), t.podReady()), t.running());
    return up.plus(t.tunnelUp()).plus(plan.hold()).plus(t.cleanedUp());
  }

  private static long waves(int sessions, int capacity) {
    return capacity <= 0 ? 1 : Math.max(1, (sessions + capacity - 1) / capacity);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
