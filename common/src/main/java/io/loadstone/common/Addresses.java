package io.loadstone.common;

import io.loadstone.common.message.RunId;

/**
 * Event-bus addresses of a run. Every address names the run, so two runs sharing a bus never see each other's
 * messages.
 */
public final class Addresses {
  /**
   * The last run asked about and its addresses: a worker publishes several events per session, and a JVM usually runs
   * one run at a time, so one entry saves building the same strings at every publish without holding every run's
   * (with runs interleaved, they are only rebuilt more often).
   */
  private static volatile Names last;

  private record Names(RunId run, String jobs, String phaseEvents, String outcomes) {
    static Names of(RunId run) {
      String prefix = "loadstone.run." + run;
      return new Names(run, prefix + ".jobs", prefix + ".phases", prefix + ".outcomes");
    }
  }

  private Addresses() {
  }

  /**
   * Request-reply: a worker sends its name and gets one {@code SessionJob}, or a failure with code
   * {@link #NO_MORE_JOBS} once the run needs no more work. A worker asks once per free slot (its credit); a request
   * made while no job is waiting is held until one is (a lost worker's sessions come back later) or the run ends,
   * so a worker sends it without a timeout.
   */
  public static String jobs(RunId run) {
    return names(run).jobs();
  }

  /** Publish: every {@code PhaseEvent} of the run, as it is observed. */
  public static String phaseEvents(RunId run) {
    return names(run).phaseEvents();
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
    return names(run).outcomes();
  }

  /** Publish: {@code RunOffer}s of orchestrators whose run takes workers; every idle worker node listens. */
  public static final String RUNS = "loadstone.runs";

  /** Request-reply: a {@code WorkerHello} joining the run, answered with its {@code RunSpec}. */
  public static String join(RunId run) {
    return "loadstone.run." + run + ".join";
  }

  /** Request-reply: a draining worker's {@code SessionHandback}, acknowledged by an empty reply. */
  public static String handback(RunId run) {
    return "loadstone.run." + run + ".handback";
  }

  /**
   * Request-reply: a worker's {@code ShareRequest}, answered with its {@code UserShare} once the run is open and the
   * share is newer than the one the worker knows (held until then, so sent without a timeout).
   */
  public static String shares(RunId run) {
    return "loadstone.run." + run + ".shares";
  }

  /** Publish: {@code EndHold}s of a run's terminate-sessions steps; every worker of the run listens. */
  public static String endHold(RunId run) {
    return "loadstone.run." + run + ".end-hold";
  }

  /** Failure code of a job request when no job is left. */
  public static final int NO_MORE_JOBS = 404;

  private static Names names(RunId run) {
    Names names = last;
    if (names == null || !names.run().equals(run)) {
      names = Names.of(run);
      last = names;
    }
    return names;
  }
}
