package io.loadstone.orchestrator.agents;

/**
 * When the orchestrator learnt of one session's milestones (its events and outcome arriving on the bus), on this
 * JVM's {@code System.nanoTime()}, so they compare with agent timelines without crossing machines' clocks; -1 is
 * "not seen". Arrival trails the worker's observation by the bus delay (milliseconds).
 *
 * @param session the plan's slot id
 * @param agent   the agent its create answer named, or null
 */
public record SessionSighting(String session, long runningNanos, long terminatedNanos, long cleanedUpNanos,
                              long outcomeNanos, long createdNanos, String agent) {
}
