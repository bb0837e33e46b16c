package io.loadstone.orchestrator.run;

import io.loadstone.common.Addresses;
import io.loadstone.common.message.RunId;
import io.loadstone.common.message.ShareRequest;
import io.loadstone.common.message.UserShare;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which worker runs (and observes) which users' sessions. With several users and worker nodes, each user belongs to
 * one live worker at a time, and that worker's informers and state polls select only its users: a worker's cost then
 * follows its own sessions instead of the whole namespace. With one user, or no cluster, every worker takes any job
 * and observes everything.
 *
 * <p>Users are dealt out when the run opens, in proportion to capacity. A worker that joins later gets the users of
 * lost workers and users nobody has started yet. A lost or draining worker's users go to the live workers with the
 * fewest users per capacity. A worker learns its share by asking ({@link ShareRequest}, held until its share is newer
 * than the one it knows); asking again is its word that it now observes the share it got, and only then are the new
 * users' jobs handed to it. Confined to the run's context.
 */
final class UserShares {
  private static final Logger LOG = LoggerFactory.getLogger(UserShares.class);

  private final RunId run;
  private final List<String> users;
  private final boolean split;
  private final Map<String, String> owners = new HashMap<>();
  private final Map<String, Integer> capacities = new LinkedHashMap<>();
  /** per worker: each user it was given, with the generation of the share that gave it */
  private final Map<String, Map<String, Integer>> grants = new HashMap<>();
  private final Map<String, Integer> counts = new HashMap<>();
  private final Map<String, Integer> generations = new HashMap<>();
  private final Map<String, Integer> observed = new HashMap<>();
  private final Map<String, Message<ShareRequest>> held = new HashMap<>();
  private boolean dealt;

  /** @param split whether the work is split by user (several users and worker nodes that join) */
  UserShares(RunId run, List<String> users, boolean split) {
    this.run = run;
    this.users = List.copyOf(users);
    this.split = split && users.size() > 1;
  }

  boolean split() {
    return split;
  }

  /** A worker joined with this capacity; after the deal it gets orphaned and unstarted users at once. */
  void joined(String worker, int capacity, Predicate<String> started) {
    if (capacities.putIfAbsent(worker, capacity) == null && dealt && split) {
      generations.put(worker, 0);
      rebalanceTo(worker, started);
      grant(worker, orphans());
    }
  }

  /** The run opened: users are dealt out over the workers joined so far, in proportion to their capacity. */
  void open() {
    dealt = true;
    if (!split) {
      held.values().forEach(this::answer);
      held.clear();
      return;
    }
    capacities.keySet().forEach(w -> generations.putIfAbsent(w, 0));
    for (String user : users) {
      String to = leastLoaded(null);
      if (to != null) {
        grantOne(to, user);
      }
    }
    capacities.keySet().forEach(this::bump);
    capacities.keySet().forEach(this::answerIfNewer);
  }

  /** A worker's request: held until its share is newer than the one it names, which it now observes. */
  void request(Message<ShareRequest> message) {
    ShareRequest request = message.body();
    String worker = request.worker();
    if (!split) {
      answer(message);
      return;
    }
    observed.merge(worker, request.known(), Math::max);
    Message<ShareRequest> before = held.put(worker, message);
    if (before != null && before != message) {
      before.fail(409, "a newer share request of worker " + worker + " replaced this one");
    }
    if (dealt && capacities.containsKey(worker)) {
      answerIfNewer(worker);
    }
  }

  /** The worker is gone (lost) or takes no more work (draining): its users go to the live workers. */
  void release(String worker) {
    if (capacities.remove(worker) == null) {
      return;
    }
    Message<ShareRequest> request = held.remove(worker);
    if (request != null) {
      request.fail(410, "worker " + worker + " left run " + run);
    }
    if (!split || !dealt) {
      return;
    }
    List<String> theirs = new ArrayList<>();
    owners.forEach((user, owner) -> {
      if (owner.equals(worker)) {
        theirs.add(user);
      }
    });
    theirs.sort(Comparator.naturalOrder());
    grant(null, theirs);
  }

  /** The run is over: every held request is refused, so no worker waits on one (a worker node serves run after run). */
  void close(String why) {
    held.values().forEach(request -> request.fail(Addresses.NO_MORE_JOBS, why));
    held.clear();
  }

  /** Whether {@code worker} may be handed a job of {@code user} now. */
  boolean mayRun(String worker, String user) {
    if (!split) {
      return true;
    }
    if (!worker.equals(owners.get(user))) {
      return false;
    }
    Integer given = grants.getOrDefault(worker, Map.of()).get(user);
    return given != null && given <= observed.getOrDefault(worker, 0);
  }

  /** Users each worker was given during the run (a lost worker's included), sorted; empty when not split. */
  Map<String, List<String>> given() {
    Map<String, List<String>> byWorker = new LinkedHashMap<>();
    grants.forEach((worker, users) -> byWorker.put(worker, users.keySet().stream().sorted().toList()));
    return byWorker;
  }

  /** Users per worker now: each live worker's, sorted. */
  Map<String, List<String>> owned() {
    Map<String, List<String>> byWorker = new LinkedHashMap<>();
    capacities.keySet().forEach(w -> byWorker.put(w, new ArrayList<>()));
    owners.forEach((user, worker) -> byWorker.computeIfAbsent(worker, k -> new ArrayList<>()).add(user));
    byWorker.values().forEach(list -> list.sort(Comparator.naturalOrder()));
    return byWorker;
  }

  private List<String> orphans() {
    return users.stream().filter(u -> !capacities.containsKey(owners.getOrDefault(u, ""))).toList();
  }

  /** Gives each user to {@code to}, or (null) to the least loaded live worker, then tells the workers that got any. */
  private void grant(String to, List<String> given) {
    List<String> changed = new ArrayList<>();
    for (String user : given) {
      String worker = to != null ? to : leastLoaded(null);
      if (worker == null) {
        String before = owners.remove(user);
        if (before != null) {
          counts.merge(before, -1, Integer::sum);
        }
        continue;
      }
      if (!changed.contains(worker)) {
        changed.add(worker);
      }
      grantOne(worker, user);
    }
    if (to != null && !changed.contains(to)) {
      changed.add(to);
    }
    changed.forEach(this::bump);
    changed.forEach(this::answerIfNewer);
    if (!given.isEmpty()) {
      LOG.info("run {}: users {} now belong to {}", run, given, to != null ? to : "the least loaded workers");
    }
  }

  /** A newcomer takes users nobody has started from the busiest workers while that evens the load out. */
  private void rebalanceTo(String newcomer, Predicate<String> started) {
    List<String> moved = new ArrayList<>();
    while (true) {
      String busiest = capacities.keySet().stream().filter(w -> !w.equals(newcomer))
          .max(Comparator.comparingDouble(this::load)).orElse(null);
      // a move must not leave the newcomer busier than the worker it took from
      if (busiest == null || (count(busiest) - 1) / (double) capacities.get(busiest)
          < (count(newcomer) + 1) / (double) capacities.get(newcomer)) {
        break;
      }
      String user = owned(busiest).stream().filter(u -> !started.test(u)).findFirst().orElse(null);
      if (user == null) {
        break;
      }
      grantOne(newcomer, user);
      moved.add(user);
    }
    if (!moved.isEmpty()) {
      LOG.info("run {}: worker {} joined late and takes users nobody started: {}", run, newcomer, moved);
    }
  }

  private void grantOne(String worker, String user) {
    String before = owners.put(user, worker);
    if (before != null) {
      counts.merge(before, -1, Integer::sum);
    }
    counts.merge(worker, 1, Integer::sum);
    grants.computeIfAbsent(worker, k -> new HashMap<>()).put(user, generations.getOrDefault(worker, 0) + 1);
  }

  private void bump(String worker) {
    generations.merge(worker, 1, Integer::sum);
  }

  private String leastLoaded(String except) {
    return capacities.keySet().stream().filter(w -> !w.equals(except))
        .min(Comparator.comparingDouble(this::load).thenComparing(Comparator.naturalOrder())).orElse(null);
  }

  private double load(String worker) {
    return count(worker) / (double) capacities.get(worker);
  }

  private int count(String worker) {
    return counts.getOrDefault(worker, 0);
  }

  private List<String> owned(String worker) {
    return owners.entrySet().stream().filter(e -> e.getValue().equals(worker)).map(Map.Entry::getKey).sorted()
        .toList();
  }

  private void answerIfNewer(String worker) {
    Message<ShareRequest> request = held.get(worker);
    int generation = generations.getOrDefault(worker, 0);
    if (request != null && generation > request.body().known()) {
      held.remove(worker);
      request.reply(new UserShare(run, worker, generation, false, owned(worker)));
    }
  }

  private void answer(Message<ShareRequest> message) {
    message.reply(new UserShare(run, message.body().worker(), 1, true, List.of()));
  }
}
