package io.loadstone.orchestrator.agents;

import java.time.Instant;

/**
 * A stretch in which the agent list could not be read: from the last poll that was answered to the next one that
 * was ({@code toNanos} -1 and {@code to} null when the watch stopped first). Nothing is known about any agent in
 * between, and the report says so.
 *
 * @param failedPolls how many polls failed in a row
 * @param cause       the last failure, for people
 */
public record ObservationGap(long fromNanos, Instant from, long toNanos, Instant to, int failedPolls, String cause) {
}
