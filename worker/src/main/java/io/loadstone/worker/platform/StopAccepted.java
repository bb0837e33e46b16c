package io.loadstone.worker.platform;

/**
 * The platform's 202 to a delete: the stop command's id (null when the answer names none) and when the request went
 * on the wire (this JVM's {@code System.nanoTime()}), the origin of {@code cleanedUp}.
 */
public record StopAccepted(String commandId, long sentNanos) {
}
