package io.loadstone.common;

import io.loadstone.common.message.RunId;

/**
 * Event-bus addresses of a run. Every address names the run, so two runs sharing a bus never see each other's
 * messages.
 */
public final class Addresses {
  private Addresses() {
  }

  /**
   * Request-reply: a worker sends its node name and gets one {@code SessionJob}, or a failure with code
   * {@link #NO_MORE_JOBS} once every job is handed out. A worker asks once per free slot (its credit).
   */
  public static String jobs(RunId run) {
    return "loadstone.run." + run + ".jobs";
  }

  /** Publish: every {@code PhaseEvent} of the run, as it is observed. */
  public static String phaseEvents(RunId run) {
    return "loadstone.run." + run + ".phases";
  }

  /**
   * Publish: every {@code IntervalHistogram} of the run, one per node, phase and interval (about 1 s) in which that
   * node observed the phase.
   */
  public static String intervals(RunId run) {
    return "loadstone.run." + run + ".intervals";
  }

  /** Publish: one {@code SessionOutcome} per attempt. */
  public static String outcomes(RunId run) {
    return "loadstone.run." + run + ".outcomes";
  }

  /** Failure code of a job request when no job is left. */
  public static final int NO_MORE_JOBS = 404;
}
