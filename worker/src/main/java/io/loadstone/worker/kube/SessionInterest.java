package io.loadstone.worker.kube;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Which sessions' facts a worker wants, asked on the informers' threads before a fact is copied and handed to the
 * worker's context. Every worker watches the whole namespace (the platform labels nothing a worker controls), so with
 * several workers most facts are another worker's: dropping them here spares the copy, the hop and the lookup.
 *
 * <p>A session is wanted once its create was answered, until its lifecycle ends; while any create of the worker awaits
 * its answer every session is, because the informers can see its objects before the 202 names it.
 */
public final class SessionInterest implements Predicate<String> {
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicInteger unanswered = new AtomicInteger();

  /** A create (or adoption) is about to be sent: its session has no name yet. */
  public void awaiting() {
    unanswered.incrementAndGet();
  }

  /**
   * A lifecycle's session is known by name; {@code awaited} when it was counted by {@link #awaiting()}. Added before
   * the count drops, so no fact of it slips between.
   */
  public void named(String session, boolean awaited) {
    sessions.add(session);
    if (awaited) {
      unanswered.decrementAndGet();
    }
  }

  /** An awaited create ended without naming a session. */
  public void unnamedEnded() {
    unanswered.decrementAndGet();
  }

  /** The session's lifecycle ended: its facts are no longer wanted. */
  public void ended(String session) {
    sessions.remove(session);
  }

  @Override
  public boolean test(String session) {
    return unanswered.get() > 0 || sessions.contains(session);
  }
}
