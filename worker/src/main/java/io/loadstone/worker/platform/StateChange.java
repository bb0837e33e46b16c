package io.loadstone.worker.platform;

/**
 * A session's API state as first seen different from before: {@code previousState} is null on the first sighting.
 * {@code observedNanos} is the {@code System.nanoTime()} at which the list answer that showed it had arrived.
 */
public record StateChange(String sessionId, String previousState, String state, long observedNanos, SessionView view) {
}
