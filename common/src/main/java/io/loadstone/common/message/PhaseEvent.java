package io.loadstone.common.message;

import io.loadstone.common.phase.Phase;
import java.util.Objects;

/**
 * One observed phase of one attempt of one session: the fact a worker publishes as it happens. The key
 * {@code (run, session, attempt, phase)} identifies it, so a receiver counts a redelivered event once.
 *
 * @param run           the run
 * @param session       the plan's session slot (e.g. {@code s0003}), stable across attempts
 * @param attempt       1 for the first owner, +1 at each takeover
 * @param phase         which phase
 * @param elapsedMicros the phase time: two readings of {@code node}'s monotonic clock (see {@link Phase#origin()});
 *                      {@link #UNMEASURED} when this attempt did not send the request the phase counts from (it
 *                      adopted the session from a lost worker): the phase was reached, its time is not known here
 * @param observedNanos {@code node}'s {@code System.nanoTime()} when observed: comparable only on that node
 * @param wallMillis    wall clock when observed, for display
 * @param node          the worker node that observed it
 * @param platformSession the platform's session id ({@code name}), so a takeover can adopt it and
 *                        {@code cleanup --run} can find it from {@code events.jsonl} alone (the platform's read API
 *                        does not return a session's tags)
 * @param interval      the sequence number of {@code node}'s interval histogram that holds {@code elapsedMicros}
 *                      (from 1), or {@link #NO_INTERVAL} when the value was not recorded into one: for a lost node
 *                      the aggregator adds from the events exactly the values whose histogram never arrived
 * @param agent         the platform agent the session was placed on (the create answer names it), or null when not
 *                      known: a terminate-sessions step can pick a given agent's sessions during the run
 */
public record PhaseEvent(RunId run, String session, int attempt, Phase phase, long elapsedMicros, long observedNanos,
                         long wallMillis, String node, String platformSession, long interval, String agent) {
  /** The event's value is in no interval histogram: the aggregator takes it from the event itself. */
  public static final long NO_INTERVAL = 0;

  public PhaseEvent {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(platformSession, "platformSession");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt: expected >= 1, got " + attempt);
    }
    if (interval < 0) {
      throw new IllegalArgumentException("interval: expected >= 0, got " + interval);
    }
  }

  /** An event whose session's agent is not known (yet). */
  public PhaseEvent(RunId run, String session, int attempt, Phase phase, long elapsedMicros, long observedNanos,
                    long wallMillis, String node, String platformSession, long interval) {
    this(run, session, attempt, phase, elapsedMicros, observedNanos, wallMillis, node, platformSession, interval, null);
  }

  /** The same fact, stamped with the interval histogram its value was recorded into. */
  public PhaseEvent inInterval(long sequence) {
    return new PhaseEvent(run, session, attempt, phase, elapsedMicros, observedNanos, wallMillis, node,
        platformSession, sequence, agent);
  }

  /** {@code elapsedMicros} of a phase reached but not timed by this attempt. */
  public static final long UNMEASURED = -1;

  /** False for a phase an adopting attempt reports without a time. */
  public boolean measured() {
    return elapsedMicros >= 0;
  }

  /** The identity of the fact, for dropping duplicates. */
  public String key() {
    return run + "/" + session + "/" + attempt + "/" + phase.id();
  }
}
