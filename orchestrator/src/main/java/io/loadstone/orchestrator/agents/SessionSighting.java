package io.loadstone.orchestrator.agents;

/**
 * When the orchestrator learnt of one session's milestones (its events and outcome arriving on the bus), on this
 * JVM's {@code System.nanoTime()}, so they compare with agent timelines without crossing machines' clocks; -1 is
 * "not seen". Arrival trails the worker's observation by the bus delay (milliseconds).
 *
 * @param session the plan's slot id
 */
public record SessionSighting(String session, long runningNanos, long terminatedNanos, long cleanedUpNanos,
                              long outcomeNanos) {
  /** True when the session was running at {@code nanos}: running seen before, and no delete accepted yet. */
  public boolean runningAt(long nanos) {
    return runningNanos >= 0 && runningNanos <= nanos && (terminatedNanos < 0 || terminatedNanos > nanos);
  }
}
