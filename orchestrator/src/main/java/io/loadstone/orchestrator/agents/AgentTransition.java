package io.loadstone.orchestrator.agents;

import java.time.Instant;

/**
 * One observed change of an agent's listed status: {@code from} is null the first time the agent is seen,
 * {@code to} is the platform's status ({@code online}, {@code offline}, {@code draining}) or {@link #ABSENT} when the
 * agent dropped out of the list. {@code observedNanos} is this JVM's {@code System.nanoTime()} when the poll that saw
 * it was answered; {@code observedAt} the wall clock then, for display.
 */
public record AgentTransition(String agentId, String from, String to, long observedNanos, Instant observedAt) {
  /** The status of an agent that was listed before and is no longer. */
  public static final String ABSENT = "absent";
}
