package io.loadstone.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Cluster scale: the L2 scale plan ({@link ScaleBench}'s burst against a sandbox in its own JVM) run by
 * {@code loadstone run --cluster} on 1 and on 2 worker JVMs; sandbox, orchestrator and workers each in their own
 * process, so every figure is one JVM's alone and is read from outside it ({@link WorkerCluster}).
 *
 * <p>Both worker clusters are started first (W fresh {@code loadstone worker} JVMs, {@code -Xmx1g}, capacity
 * ceil(sessions / W) each, so that equal shares of the burst add up to the plan) and warmed by {@code warmup runs}
 * runs of {@code warmup} sessions (hold 1 s; the first run's figures are printed as the cold ones). Then
 * {@code rounds} rounds: in each, both clusters run the plan ({@code sessions}) and then a smaller one ({@code small}
 * sessions), one cluster after the other, the order swapped each round, so that whatever else the shared machine is
 * doing falls on both alike. Per cluster, from the medians over the rounds:
 * <ul>
 *   <li>the workers' CPU per session of the plan, also net of what they spend idle over the same time;
 *   <li>the marginal cost of a session: (plan's CPU - smaller run's CPU) / (sessions - small), all workers together.
 *       What every node spends whatever it runs (idle heartbeats over the run's span, a run's start and end, JIT)
 *       is the same in both runs and drops out; the hold makes both last about as long. Its ratio, 2 workers / 1,
 *       is the figure "per-session cost must not grow when a node is added" is judged on; the intercept is printed
 *       as the workers' fixed cost per run;
 *   <li>sessions/s (first {@code created} -> last {@code running}), the orchestrator's CPU, each worker's share.
 * </ul>
 * The smaller run comes after the plan's: JIT work still going on then makes the slope steeper, never flatter, and
 * more so with 2 workers (each warmed on half the sessions), so the comparison errs against the second node.
 *
 * <p>Run: {@code bench/cluster.sh [sessions=1000] [agents=4] [hold=30s] [warmup sessions=sessions] [warmup runs=1]
 * [users=1] [small=sessions/4] [rounds=3]}. With more than one user the plan spreads its sessions over them
 * ({@code sessions.users}) and the workers split the work by user, each observing only its users' sessions; with one,
 * every worker observes all. Environment: {@code CLUSTER_PIN_WORKERS=1} pins worker i to CPU i - 1 ({@code taskset});
 * {@code CLUSTER_CAPACITY=C} gives every worker capacity C (e.g. 500: a lone worker runs 1,000 sessions in two waves,
 * at the pace each of two workers runs its half); {@code CLUSTER_WORKER_JAVA_OPTS} adds worker JVM flags. The warm-up
 * defaults to the whole plan so that every worker gets its share of it (a smaller one goes to the first worker alone,
 * up to its capacity). Every child is stopped at the end, also on failure (try-with-resources and a shutdown hook).
 */
public final class ClusterBench {
  private record Round(ClusterFigures plan, ClusterFigures small) {
  }

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int agents = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    String hold = args.length > 2 ? args[2] : "30s";
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : sessions;
    int warmupRuns = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    int users = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    int small = args.length > 6 ? Integer.parseInt(args[6]) : sessions / 4;
    int rounds = args.length > 7 ? Integer.parseInt(args[7]) : 3;
    if (small <= 0 || small >= sessions || rounds < 1) {
      System.err.printf("cluster bench: expected 1 <= small < sessions and rounds >= 1, got small %d, sessions %d,"
          + " rounds %d%n", small, sessions, rounds);
      System.exit(2);
    }
    // CLUSTER_CAPACITY: every worker's capacity, e.g. 500 for 1,000 sessions: then a lone worker runs them in two
    // waves, at the pace each of two workers runs its half, to compare per-session cost at equal load
    int fixedCapacity = capacityFromEnvironment();
    Path dir = Files.createTempDirectory("loadstone-cluster");
    boolean ok = true;
    List<List<Round>> byCluster = List.of(new ArrayList<>(), new ArrayList<>());
    List<ClusterFigures> first = new ArrayList<>();
    try (Children children = new Children()) {
      String target = SandboxChild.start(children, dir, agents).target();
      System.out.printf("%ncluster scale: %d sessions in a burst over %s, hold %s, against a sandbox in its own JVM"
          + " (%d agents, pod ready median 500 ms p99 2 s, delete grace 0); a fresh orchestrator JVM per run, worker"
          + " JVMs -Xmx1g serving run after run; %d rounds of the plan and a run of %d; CPU from /proc/<pid>/stat"
          + " (CLK_TCK %d)%s; output in %s%n", sessions,
          users > 1 ? users + " users (the work split by user)" : "one user (every worker observes every session)",
          hold, agents, rounds, small, ProcCpu.TICKS_PER_SECOND,
          "1".equals(System.getenv("CLUSTER_PIN_WORKERS")) ? "; worker i pinned to CPU i - 1 (CLUSTER_PIN_WORKERS=1)"
              : "", dir);
      Path warmPlan = ScaleBench.writePlan(dir.resolve("warmup.yaml"), target, warmup, "1s", users);
      Path plan = ScaleBench.writePlan(dir.resolve("scale.yaml"), target, sessions, hold, users);
      Path smallPlan = ScaleBench.writePlan(dir.resolve("small.yaml"), target, small, hold, users);
      List<WorkerCluster> clusters = new ArrayList<>();
      try {
        for (int w = 1; w <= 2; w++) {
          int capacity = fixedCapacity > 0 ? fixedCapacity : (sessions + w - 1) / w;
          WorkerCluster c = WorkerCluster.start(children, dir.resolve("w" + w), w, capacity, warmPlan, warmup);
          clusters.add(c);
          System.out.printf("%n%d worker JVM%s (capacity %d each), %s:%n", w, w == 1 ? "" : "s", capacity,
              c.describe());
          System.out.printf("  first run (cold JVMs, %d sessions, hold 1s): %s%n", warmup, c.first().firstRunLine());
          first.add(c.first());
          ok &= c.first().exit() == 0;
          System.out.printf("  idle workers after it: %s%n", c.probeIdle());
          for (int k = 2; k <= warmupRuns; k++) {
            ClusterFigures again = c.run("warmup" + k, warmPlan, warmup);
            System.out.printf("  warm-up run %d (%d sessions, hold 1s): %s%n", k, warmup,
                again.firstRunLine().replace(" (both from JVM start)", ""));
          }
        }
        for (int r = 1; r <= rounds; r++) {
          System.out.printf("%nround %d:%n", r);
          for (int i = 0; i < 2; i++) {
            int c = r % 2 == 1 ? i : 1 - i;
            WorkerCluster cluster = clusters.get(c);
            ClusterFigures big = cluster.run("run" + r, plan, sessions);
            ClusterFigures little = cluster.run("small" + r, smallPlan, small);
            byCluster.get(c).add(new Round(big, little));
            ok &= big.exit() == 0 && big.workersDone() && little.exit() == 0 && little.workersDone();
            System.out.printf("  %d worker%s: %s%n", cluster.size(), cluster.size() == 1 ? " " : "s", line(big, little));
            if (r == 1) {
              big.print(hold);
              System.out.printf("    marginal cost by thread group, all workers (ms per session, >= 0.1): %s%n",
                  ClusterFigures.marginalGroups(little, big));
            }
          }
          // a node serving run after run must not cost more idle after each: this shows it, and the next round's
          // net-of-idle figures use the new rate
          for (WorkerCluster c : clusters) {
            System.out.printf("  idle %d worker%s after the round: %s%n", c.size(), c.size() == 1 ? " " : "s",
                c.probeIdle());
          }
        }
      } finally {
        clusters.forEach(WorkerCluster::close);
      }
    } catch (IllegalStateException e) {
      System.err.println("cluster bench: " + e.getMessage());
      System.exit(3);
    }
    summary(byCluster, first, sessions, small);
    System.exit(ok ? 0 : 1);
  }

  /** CLUSTER_CAPACITY as a positive number, 0 when unset; exits 2 with a message naming it when it is not one. */
  private static int capacityFromEnvironment() {
    String text = System.getenv("CLUSTER_CAPACITY");
    if (text == null || text.isBlank()) {
      return 0;
    }
    try {
      int capacity = Integer.parseInt(text.trim());
      if (capacity >= 1) {
        return capacity;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    System.err.println("cluster bench: CLUSTER_CAPACITY: expected a whole number >= 1, got \"" + text + "\"");
    System.exit(2);
    return 0;
  }

  private static String line(ClusterFigures big, ClusterFigures little) {
    return String.format("%d sessions %.2f s CPU, %.2f s of it in the run window (%s, %.1f sessions/s); %d sessions"
            + " %.2f s, %.2f s (%s) -> marginal %.2f ms per session, %.2f in the window; plan %.2f ms per session, net"
            + " of idle %.2f%s", big.sessions(), ProcCpu.seconds(big.workerTicksTotal()),
        ProcCpu.seconds(big.windowTicksTotal()), big.shareLine(), big.sessionsPerSecond(), little.sessions(),
        ProcCpu.seconds(little.workerTicksTotal()), ProcCpu.seconds(little.windowTicksTotal()), little.shareLine(),
        ClusterFigures.marginalMsPerSession(little, big), ClusterFigures.windowMarginalMsPerSession(little, big),
        big.workerMsPerSession(), big.workerNetMsPerSession(),
        big.exit() == 0 && little.exit() == 0 ? "" : String.format("; EXIT %d/%d", big.exit(), little.exit()));
  }

  /** Medians over the rounds per cluster, then the ratios 2 workers / 1 worker. */
  private static void summary(List<List<Round>> byCluster, List<ClusterFigures> first, int sessions, int small) {
    if (byCluster.get(0).isEmpty() || byCluster.get(1).isEmpty()) {
      return;
    }
    System.out.printf("%nmedians over %d rounds:%n", byCluster.get(0).size());
    double[] perSession = new double[2];
    double[] net = new double[2];
    double[] marginal = new double[2];
    double[] window = new double[2];
    for (int c = 0; c < 2; c++) {
      List<Round> rounds = byCluster.get(c);
      perSession[c] = median(rounds, x -> x.plan().workerMsPerSession());
      net[c] = median(rounds, x -> x.plan().workerNetMsPerSession());
      marginal[c] = slope(rounds, ClusterFigures::workerTicksTotal, sessions - small);
      window[c] = slope(rounds, ClusterFigures::windowTicksTotal, sessions - small);
      double smallWindow = median(rounds, x -> ProcCpu.seconds(x.small().windowTicksTotal()));
      System.out.printf("  %d worker%s: marginal %.2f ms per session in the run window (%.2f launch to exit), fixed"
              + " %.2f s per run in the window; plan %.2f ms CPU per session (net of idle %.2f); %.1f sessions/s;"
              + " orchestrator %.2f ms per session from its first event%n",
          c + 1, c == 0 ? " " : "s", window[c], marginal[c], smallWindow - window[c] * small / 1e3, perSession[c],
          net[c], median(rounds, x -> x.plan().sessionsPerSecond()),
          median(rounds, x -> ClusterFigures.ms(x.plan().orchestratorRunTicks()) / sessions));
    }
    StringBuilder each = new StringBuilder();
    for (int r = 0; r < Math.min(byCluster.get(0).size(), byCluster.get(1).size()); r++) {
      Round one = byCluster.get(0).get(r);
      Round two = byCluster.get(1).get(r);
      each.append(each.isEmpty() ? "" : ", ").append(String.format("%.2f",
          ClusterFigures.windowMarginalMsPerSession(two.small(), two.plan())
              / ClusterFigures.windowMarginalMsPerSession(one.small(), one.plan())));
    }
    System.out.printf("%nratio 2 workers / 1 worker:%n");
    System.out.printf("  marginal cost per session in the run window %.2f (%.2f / %.2f ms; round by round %s)%n",
        window[1] / window[0], window[1], window[0], each);
    System.out.printf("  marginal cost per session launch to exit %.2f (%.2f / %.2f ms)%n", marginal[1] / marginal[0],
        marginal[1], marginal[0]);
    System.out.printf("  CPU per session of the plan %.2f (%.2f / %.2f ms; first runs %.2f), net of idle %.2f%n",
        perSession[1] / perSession[0], perSession[1], perSession[0],
        first.get(1).workerMsPerSession() / first.get(0).workerMsPerSession(), net[1] / net[0]);
  }

  /** (median plan CPU - median smaller run's CPU) / sessions between them, in ms. */
  private static double slope(List<Round> rounds, java.util.function.ToLongFunction<ClusterFigures> ticks,
                              int sessions) {
    double big = median(rounds, x -> ProcCpu.seconds(ticks.applyAsLong(x.plan())));
    double small = median(rounds, x -> ProcCpu.seconds(ticks.applyAsLong(x.small())));
    return (big - small) * 1e3 / sessions;
  }

  private static double median(List<Round> rounds, ToDoubleFunction<Round> f) {
    double[] v = rounds.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
