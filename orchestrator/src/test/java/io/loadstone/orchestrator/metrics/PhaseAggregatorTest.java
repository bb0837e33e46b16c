package io.loadstone.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loadstone.common.message.IntervalHistogram;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.phase.Phase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;

/** The aggregator fed directly (no bus), with histograms from real {@link SimulatedNode} recorders. */
class PhaseAggregatorTest {
  private final PhaseAggregator aggregator = new PhaseAggregator();

  /** Same count, min, max, mean, every recorded value with its count, and every percentile in 0.1 steps. */
  static void assertSameDistribution(AbstractHistogram actual, AbstractHistogram expected) {
    assertThat(actual.getTotalCount()).as("count").isEqualTo(expected.getTotalCount());
    assertThat(recorded(actual)).as("recorded values").isEqualTo(recorded(expected));
    assertThat(actual.getMaxValue()).as("max").isEqualTo(expected.getMaxValue());
    assertThat(actual.getMinValue()).as("min").isEqualTo(expected.getMinValue());
    assertThat(actual.getMean()).as("mean").isEqualTo(expected.getMean());
    for (int tenths = 0; tenths <= 1000; tenths++) {
      double p = tenths / 10.0;
      assertThat(actual.getValueAtPercentile(p)).as("p" + p).isEqualTo(expected.getValueAtPercentile(p));
    }
  }

  private static List<String> recorded(AbstractHistogram h) {
    List<String> out = new ArrayList<>();
    for (HistogramIterationValue v : h.recordedValues()) {
      out.add(v.getValueIteratedTo() + "x" + v.getCountAtValueIteratedTo());
    }
    return out;
  }

  private void assertExact(Phase phase, List<PhaseEvent> events) {
    assertSameDistribution(aggregator.histogram(phase), SimulatedNode.truth(events, phase));
  }

  private static long micros(Random random) {
    return (long) Math.exp(7 + random.nextDouble() * 9);
  }

  @Test
  void histogramArrivingBeforeItsEventsCountsEachValueOnce() {
    SimulatedNode a = new SimulatedNode("a");
    a.observe(Phase.POD_READY, 2_000_000);
    a.observe(Phase.POD_READY, 3_500_000);
    a.flush();

    a.histograms.forEach(aggregator::accept);
    a.events.forEach(aggregator::accept);
    aggregator.settle();

    assertExact(Phase.POD_READY, a.events);
    assertThat(aggregator.count(Phase.POD_READY)).isEqualTo(2);
  }

  @Test
  void histogramArrivingAfterItsEventsCountsEachValueOnce() {
    SimulatedNode a = new SimulatedNode("a");
    a.observe(Phase.CREATED, 40_000);
    a.observe(Phase.RUNNING, 5_000_000);
    a.flush();

    a.events.forEach(aggregator::accept);
    assertThat(aggregator.histogram(Phase.CREATED).getTotalCount()).as("values wait for their histogram").isZero();
    a.histograms.forEach(aggregator::accept);
    aggregator.settle();

    assertExact(Phase.CREATED, a.events);
    assertExact(Phase.RUNNING, a.events);
  }

  @Test
  void repeatedHistogramIsDroppedAndCountedAsDuplicate() {
    SimulatedNode a = new SimulatedNode("a");
    a.observe(Phase.TUNNEL_UP, 7_000_000);
    a.flush();
    IntervalHistogram h = a.histograms.get(0);

    assertThat(aggregator.accept(h)).isTrue();
    assertThat(aggregator.accept(h)).isFalse();
    a.events.forEach(aggregator::accept);
    aggregator.settle();

    assertThat(aggregator.duplicates()).isEqualTo(1);
    assertExact(Phase.TUNNEL_UP, a.events);
  }

  @Test
  void repeatedEventIsDroppedAndCountedAsDuplicate() {
    SimulatedNode a = new SimulatedNode("a");
    PhaseEvent e = a.observe(Phase.CLEANED_UP, 900_000);

    assertThat(aggregator.accept(e)).isTrue();
    assertThat(aggregator.accept(e)).isFalse();
    aggregator.settle();

    assertThat(aggregator.duplicates()).isEqualTo(1);
    assertThat(aggregator.count(Phase.CLEANED_UP)).isEqualTo(1);
    assertExact(Phase.CLEANED_UP, a.events);
  }

  @Test
  void histogramsFromTwoNodesMergeLosslessly() {
    Random random = new Random(7);
    SimulatedNode a = new SimulatedNode("a");
    SimulatedNode b = new SimulatedNode("b");
    for (int interval = 0; interval < 5; interval++) {
      for (int i = 0; i < 200; i++) {
        a.observe(Phase.POD_READY, micros(random));
        b.observe(Phase.POD_READY, micros(random));
      }
      a.flush();
      b.flush();
    }
    // both nodes use the same sequence numbers: only (node, phase, sequence) tells them apart
    assertThat(a.histograms).extracting(IntervalHistogram::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);

    a.histograms.forEach(aggregator::accept);
    b.histograms.forEach(aggregator::accept);
    List<PhaseEvent> all = new ArrayList<>(a.events);
    all.addAll(b.events);
    all.forEach(aggregator::accept);

    // complete before settling: every value came in a histogram
    assertExact(Phase.POD_READY, all);
    assertThat(aggregator.duplicates()).isZero();
  }

  @Test
  void lostNodeCountsTheValuesOfIntervalsItNeverSentFromItsEvents() {
    Random random = new Random(11);
    SimulatedNode a = new SimulatedNode("a");
    SimulatedNode b = new SimulatedNode("b");
    for (int interval = 0; interval < 4; interval++) {
      for (int i = 0; i < 100; i++) {
        a.observe(Phase.values()[random.nextInt(Phase.values().length)], micros(random));
        b.observe(Phase.POD_READY, micros(random));
      }
      b.flush();
      if (interval < 2) {
        a.flush();
      }
    }
    // node a flushed intervals 1 and 2 only, then died with 3 (recorded into its last histogram) unsent
    a.histograms.forEach(aggregator::accept);
    b.histograms.forEach(aggregator::accept);
    a.events.forEach(aggregator::accept);
    b.events.forEach(aggregator::accept);
    aggregator.nodeLost("a");

    List<PhaseEvent> all = new ArrayList<>(a.events);
    all.addAll(b.events);
    for (Phase p : Phase.values()) {
      assertExact(p, all);
      assertThat(aggregator.count(p)).isEqualTo(all.stream().filter(e -> e.phase() == p).count());
    }
  }

  @Test
  void lostNodeHistogramArrivingLateReplacesTheValuesTakenFromEvents() {
    SimulatedNode a = new SimulatedNode("a");
    for (int i = 1; i <= 50; i++) {
      a.observe(Phase.RUNNING, i * 123_457L);
    }
    a.flush();
    PhaseEvent lateEvent = a.observe(Phase.RUNNING, 99_999_999);
    a.flush();
    List<PhaseEvent> beforeLoss = a.events.subList(0, 50);

    beforeLoss.forEach(aggregator::accept);
    aggregator.nodeLost("a");
    assertExact(Phase.RUNNING, beforeLoss);
    aggregator.accept(lateEvent);
    assertExact(Phase.RUNNING, a.events);
    a.histograms.forEach(aggregator::accept);
    a.histograms.forEach(aggregator::accept);

    assertExact(Phase.RUNNING, a.events);
    assertThat(aggregator.duplicates()).isEqualTo(2);
  }

  @Test
  void settleCountsEventsThatNoHistogramHolds() {
    SimulatedNode a = new SimulatedNode("a");
    a.observe(Phase.CREATED, 10_000);
    PhaseEvent unrecorded = new PhaseEvent(SimulatedNode.RUN, "x", 1, Phase.CREATED, 20_000, 1, 2, "old-node", "p",
        PhaseEvent.NO_INTERVAL);

    a.events.forEach(aggregator::accept);
    aggregator.accept(unrecorded);
    aggregator.settle();
    aggregator.accept(a.observe(Phase.CREATED, 30_000));

    assertExact(Phase.CREATED, List.of(a.events.get(0), unrecorded, a.events.get(1)));
    assertThat(aggregator.stats().get(Phase.CREATED).count()).isEqualTo(3);
  }

  @Test
  void undecodableHistogramIsRefusedAndItsValuesCountFromEvents() {
    SimulatedNode a = new SimulatedNode("a");
    PhaseEvent e = a.observe(Phase.PROVISIONED, 1_500_000);
    IntervalHistogram broken = new IntervalHistogram(SimulatedNode.RUN, "a", e.interval(), Phase.PROVISIONED, 0, 0,
        new byte[] {1, 2, 3});

    assertThatThrownBy(() -> aggregator.accept(broken)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interval histogram " + broken.key()).hasMessageContaining("3 bytes");
    aggregator.accept(e);
    aggregator.settle();

    assertExact(Phase.PROVISIONED, List.of(e));
  }

  @Test
  void anyArrivalOrderWithRepeatsAndALostNodeGivesTheExactDistribution() {
    for (int seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      List<SimulatedNode> nodes = List.of(new SimulatedNode("a"), new SimulatedNode("b"), new SimulatedNode("c"));
      for (int interval = 0; interval < 6; interval++) {
        for (int i = 0; i < 60; i++) {
          nodes.get(random.nextInt(3)).observe(Phase.values()[random.nextInt(3)], micros(random));
        }
        nodes.forEach(SimulatedNode::flush);
      }
      List<Object> messages = new ArrayList<>();
      List<PhaseEvent> all = new ArrayList<>();
      for (SimulatedNode n : nodes) {
        all.addAll(n.events);
        messages.addAll(n.events);
        messages.addAll(n.histograms);
        // redeliveries
        messages.addAll(n.events.subList(0, n.events.size() / 4));
        messages.addAll(n.histograms.subList(0, n.histograms.size() / 3));
      }
      // node c's last two intervals never leave it
      messages.removeIf(m -> m instanceof IntervalHistogram h && h.node().equals("c") && h.sequence() >= 5);
      Collections.shuffle(messages, random);
      PhaseAggregator agg = new PhaseAggregator();
      int lossAt = random.nextInt(messages.size());
      for (int i = 0; i < messages.size(); i++) {
        if (i == lossAt) {
          agg.nodeLost("c");
        }
        if (messages.get(i) instanceof PhaseEvent e) {
          agg.accept(e);
        } else {
          agg.accept((IntervalHistogram) messages.get(i));
        }
      }
      agg.settle();
      for (Phase p : Phase.values()) {
        Histogram expected = SimulatedNode.truth(all, p);
        assertSameDistribution(agg.histogram(p), expected);
      }
    }
  }
}
