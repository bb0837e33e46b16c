package io.loadstone.orchestrator.run;

import io.loadstone.common.message.RunId;
import io.loadstone.common.message.SessionJob;
import io.loadstone.common.message.SessionOutcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The run's jobs and what became of them: every slot's current attempt, the jobs waiting for a worker, who owns
 * which, the platform session each attempt named, and the first outcome of each slot. The state a worker's loss
 * cannot take away. Confined to the run's context.
 */
final class JobBook {
  private final RunId run;
  private final IntFunction<String> userOf;
  private final Set<String> startedUsers = new HashSet<>();
  private final List<SessionJob> jobs = new ArrayList<>();
  private final Deque<SessionJob> unassigned = new ArrayDeque<>();
  private final Map<String, SessionJob> current = new HashMap<>();
  private final Set<String> inFlight = new HashSet<>();
  private final Map<String, String> platformIds = new HashMap<>();
  private final Map<String, String> owners = new LinkedHashMap<>();
  private final Map<String, SessionOutcome> outcomes = new LinkedHashMap<>();
  private final Set<String> recovered = new TreeSet<>();

  /** @param userOf the user of the run's n-th session (1-based) */
  JobBook(RunId run, IntFunction<String> userOf) {
    this.run = run;
    this.userOf = userOf;
  }

  /** Adds {@code count} first attempts (the next slots, {@code s0001} ...); returns their slots. */
  List<String> add(int count) {
    List<String> slots = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = jobs.size() + 1;
      SessionJob job = new SessionJob(run, String.format("s%04d", n), 1, userOf.apply(n), null);
      jobs.add(job);
      unassigned.add(job);
      current.put(job.session(), job);
      slots.add(job.session());
    }
    return slots;
  }

  int size() {
    return jobs.size();
  }

  /** The first job waiting for a worker that {@code allowed} accepts (taken off the queue), or null. */
  SessionJob nextUnassigned(Predicate<SessionJob> allowed) {
    for (Iterator<SessionJob> it = unassigned.iterator(); it.hasNext(); ) {
      SessionJob job = it.next();
      if (allowed.test(job)) {
        it.remove();
        return job;
      }
    }
    return null;
  }

  /** Whether any job of {@code user} was handed out yet. */
  boolean started(String user) {
    return startedUsers.contains(user);
  }

  boolean hasUnassigned() {
    return !unassigned.isEmpty();
  }

  void assign(SessionJob job, String worker) {
    startedUsers.add(job.user());
    owners.put(job.session(), worker);
    inFlight.add(job.session());
  }

  SessionJob current(String slot) {
    return current.get(slot);
  }

  /** Handed out and without an outcome. */
  boolean underWay(String slot) {
    return inFlight.contains(slot) && !outcomes.containsKey(slot);
  }

  /** The slots {@code worker} is running now, sorted. */
  List<String> underWayOn(String worker) {
    return inFlight.stream().filter(slot -> worker.equals(owners.get(slot))).sorted().toList();
  }

  /** What the current attempt's events named as its platform session; an older attempt's never overwrites it. */
  void platformSession(String slot, int attempt, String platformSession) {
    SessionJob now = current.get(slot);
    if (now != null && attempt == now.attempt()) {
      platformIds.put(slot, platformSession);
    }
  }

  /** The slot goes back to the front of the queue as its next attempt, adopting the platform session known. */
  SessionJob reoffer(String slot) {
    SessionJob before = current.get(slot);
    inFlight.remove(slot);
    SessionJob next = new SessionJob(run, slot, before.attempt() + 1, before.user(), platformIds.get(slot));
    current.put(slot, next);
    recovered.add(slot);
    unassigned.addFirst(next);
    return next;
  }

  /** Keeps the slot's first outcome; false for a repeat. */
  boolean outcome(SessionOutcome outcome) {
    if (outcomes.containsKey(outcome.session())) {
      return false;
    }
    outcomes.put(outcome.session(), outcome);
    inFlight.remove(outcome.session());
    owners.put(outcome.session(), outcome.node());
    return true;
  }

  boolean ended(String slot) {
    return outcomes.containsKey(slot);
  }

  boolean allEnded() {
    return outcomes.size() == jobs.size();
  }

  int outcomeCount() {
    return outcomes.size();
  }

  long failed() {
    return outcomes.values().stream().filter(o -> o.outcome() == SessionOutcome.Outcome.FAILED).count();
  }

  int recoveredCount() {
    return recovered.size();
  }

  List<SessionJob> jobs() {
    return List.copyOf(jobs);
  }

  Map<String, String> owners() {
    return Map.copyOf(owners);
  }

  Map<String, SessionOutcome> outcomes() {
    return Map.copyOf(outcomes);
  }

  Set<String> recovered() {
    return Set.copyOf(recovered);
  }

  Map<String, Integer> attempts() {
    return current.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
        e -> e.getValue().attempt()));
  }

  /** One line of counts by outcome, for the log: {@code {completed=4, failed=1}}. */
  Map<String, Long> byOutcome() {
    return outcomes.values().stream().collect(Collectors.groupingBy(o -> o.outcome().name().toLowerCase(),
        Collectors.counting()));
  }
}
