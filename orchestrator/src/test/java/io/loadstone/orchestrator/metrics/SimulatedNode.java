package io.loadstone.orchestrator.metrics;

import io.loadstone.common.message.IntervalHistogram;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.phase.Phase;
import io.loadstone.worker.metrics.IntervalRecorder;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A worker node as the aggregator sees it: every event goes through a real {@link IntervalRecorder} before it is
 * "published" (kept in {@link #events}), and the recorder's flushes land in {@link #histograms}. {@link #truth}
 * holds every distinct value per phase, to compare the aggregator with.
 */
final class SimulatedNode {
  static final RunId RUN = new RunId("agg-test");

  final String name;
  final List<PhaseEvent> events = new ArrayList<>();
  final List<IntervalHistogram> histograms = new ArrayList<>();
  private final IntervalRecorder recorder;
  private int sessions;

  SimulatedNode(String name) {
    this.name = name;
    this.recorder = new IntervalRecorder(RUN, name, histograms::add);
  }

  /** One session attempt reaching {@code phase} after {@code micros}: recorded, then published. */
  PhaseEvent observe(Phase phase, long micros) {
    sessions++;
    PhaseEvent event = new PhaseEvent(RUN, name + "-s" + sessions, 1, phase, micros, System.nanoTime(),
        System.currentTimeMillis(), name, "p-" + name + "-" + sessions, PhaseEvent.NO_INTERVAL);
    PhaseEvent stamped = event.inInterval(recorder.record(event));
    events.add(stamped);
    return stamped;
  }

  /** Ends the current interval (publishes its histograms). */
  void flush() {
    recorder.flush();
  }

  /** The histograms of interval {@code sequence}. */
  List<IntervalHistogram> interval(long sequence) {
    return histograms.stream().filter(h -> h.sequence() == sequence).toList();
  }

  /** A histogram built directly from the values of the given events, for {@code phase}. */
  static Histogram truth(List<PhaseEvent> events, Phase phase) {
    Histogram h = new Histogram(3);
    events.stream().filter(e -> e.phase() == phase).forEach(e -> h.recordValue(e.elapsedMicros()));
    return h;
  }
}
