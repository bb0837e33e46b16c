package io.loadstone.bench;

import io.loadstone.common.message.IntervalHistogram;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.phase.Phase;
import io.loadstone.orchestrator.metrics.PhaseAggregator;
import io.loadstone.worker.metrics.IntervalRecorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The aggregator's ceiling, single-threaded as on the run's verticle context: how many phase events per second it
 * takes when each event also comes as part of an interval histogram, and how many interval histograms per second it
 * decodes and merges. The messages are made beforehand by real {@link IntervalRecorder}s, one per simulated node:
 * every session reaches all 7 phases (log-normal times, median ~3 s), each node cuts an interval every
 * {@code eventsPerInterval} events, and its histograms follow that interval's events. No event bus and no codec:
 * what is measured is {@code accept(...)} plus the final {@code settle()}. Each measurement runs on a fresh
 * aggregator, once untimed (JIT warm-up), then 3 timed times; the median is printed. The merged totals are checked
 * against the number of events, so a fast but wrong aggregator fails the bench.
 *
 * <p>Run: {@code bench/aggregator.sh [events=1000000] [nodes=4] [eventsPerInterval=2500]}.
 */
public final class AggregatorBench {
  private static final RunId RUN = new RunId("bench-aggregator");

  public static void main(String[] args) {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int eventsPerInterval = args.length > 2 ? Integer.parseInt(args[2]) : 2_500;

    List<Object> mixed = new ArrayList<>();
    List<IntervalHistogram> histograms = new ArrayList<>();
    generate(events, nodes, eventsPerInterval, mixed, histograms);
    int eventCount = mixed.size() - histograms.size();
    System.out.printf("%,d phase events from %d nodes, %,d interval histograms (a cut every %,d events per node)%n",
        eventCount, nodes, histograms.size(), eventsPerInterval);

    double[] mixedSeconds = runs(() -> feed(mixed, eventCount));
    double[] histogramSeconds = runs(() -> feed(new ArrayList<>(histograms), eventCount));
    System.out.printf("events + histograms: %s s -> median %,.0f phase events/s merged%n",
        Arrays.toString(mixedSeconds), eventCount / median(mixedSeconds));
    System.out.printf("histograms only:     %s s -> median %,.0f histograms/s%n",
        Arrays.toString(histogramSeconds), histograms.size() / median(histogramSeconds));
  }

  private static void generate(int events, int nodes, int eventsPerInterval, List<Object> mixed,
                               List<IntervalHistogram> histograms) {
    Random random = new Random(42);
    Phase[] phases = Phase.values();
    List<List<IntervalHistogram>> pending = new ArrayList<>();
    List<IntervalRecorder> recorders = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      List<IntervalHistogram> out = new ArrayList<>();
      pending.add(out);
      recorders.add(new IntervalRecorder(RUN, "node-" + n, out::add));
    }
    int[] sinceCut = new int[nodes];
    int made = 0;
    for (int session = 1; made < events; session++) {
      int n = session % nodes;
      String node = "node-" + n;
      IntervalRecorder recorder = recorders.get(n);
      for (int p = 0; p < phases.length && made < events; p++, made++) {
        long micros = (long) (3_000_000 * Math.exp(0.6 * random.nextGaussian()));
        PhaseEvent e = new PhaseEvent(RUN, String.format("s%07d", session), 1, phases[p], micros, System.nanoTime(),
            System.currentTimeMillis(), node, "p-" + session, PhaseEvent.NO_INTERVAL);
        mixed.add(e.inInterval(recorder.record(e)));
        if (++sinceCut[n] == eventsPerInterval) {
          sinceCut[n] = 0;
          recorder.flush();
          mixed.addAll(pending.get(n));
          histograms.addAll(pending.get(n));
          pending.get(n).clear();
        }
      }
    }
    for (int n = 0; n < nodes; n++) {
      recorders.get(n).flush();
      mixed.addAll(pending.get(n));
      histograms.addAll(pending.get(n));
    }
  }

  /** Feeds a fresh aggregator and settles it; returns seconds; fails unless every value was merged once. */
  private static double feed(List<?> messages, int expectedValues) {
    PhaseAggregator aggregator = new PhaseAggregator();
    long start = System.nanoTime();
    for (Object m : messages) {
      if (m instanceof PhaseEvent e) {
        aggregator.accept(e);
      } else {
        aggregator.accept((IntervalHistogram) m);
      }
    }
    aggregator.settle();
    double seconds = (System.nanoTime() - start) / 1e9;
    long merged = Arrays.stream(Phase.values()).mapToLong(p -> aggregator.histogram(p).getTotalCount()).sum();
    if (merged != expectedValues || aggregator.duplicates() != 0) {
      throw new IllegalStateException("aggregator merged " + merged + " values (expected " + expectedValues
          + "), " + aggregator.duplicates() + " duplicates");
    }
    return seconds;
  }

  private interface Timed {
    double seconds();
  }

  private static double[] runs(Timed timed) {
    timed.seconds();
    double[] out = new double[3];
    for (int i = 0; i < out.length; i++) {
      System.gc();
      out[i] = Math.round(timed.seconds() * 1000) / 1000.0;
    }
    return out;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
