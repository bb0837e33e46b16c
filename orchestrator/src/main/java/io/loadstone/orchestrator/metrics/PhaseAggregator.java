package io.loadstone.orchestrator.metrics;

import io.loadstone.common.message.IntervalHistogram;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.phase.Phase;
import io.loadstone.orchestrator.report.PhaseStats;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The run's phase events and the workers' interval histograms, each counted once: a repeated
 * {@link PhaseEvent#key()} or {@link IntervalHistogram#key()} (a redelivery) is dropped. Counts per phase come from
 * the events; the latency histograms (microseconds, 3 significant digits) are the nodes' interval histograms merged
 * losslessly, plus, for a node that is lost (or every node once the run settles), the values of its events whose
 * interval histogram never arrived, taken from the events themselves: each distinct value exactly once, in whatever
 * order histograms and events arrive. The histograms are complete after {@link #settle()}. Also keeps each session
 * attempt's phase events. Not thread-safe: fed from the run's verticle context.
 */
public final class PhaseAggregator {
  private final Set<String> seen = new HashSet<>();
  private final LatencyMerge latencies = new LatencyMerge();
  private final Map<String, Map<Phase, PhaseEvent>> bySessionAttempt = new HashMap<>();
  private final Map<Phase, Set<String>> reached = new EnumMap<>(Phase.class);
  private long duplicates;

  public PhaseAggregator() {
    for (Phase p : Phase.values()) {
      reached.put(p, new HashSet<>());
    }
  }

  /** Adds the event; false (and nothing changes) when its key was seen before. */
  public boolean accept(PhaseEvent event) {
    if (!seen.add(event.key())) {
      duplicates++;
      return false;
    }
    reached.get(event.phase()).add(event.session());
    if (event.measured()) {
      latencies.value(event.node(), event.interval(), event.phase(), event.elapsedMicros());
    }
    bySessionAttempt.computeIfAbsent(event.session() + "/" + event.attempt(), k -> new EnumMap<>(Phase.class))
        .put(event.phase(), event);
    return true;
  }

  /**
   * Adds a node's interval histogram; false (and nothing changes) when its key was seen before.
   *
   * @throws IllegalArgumentException when its bytes are not a compressed HdrHistogram: nothing changes, so the
   *                                  values of that interval still count from their events once the node is lost
   *                                  or the run settles
   */
  public boolean accept(IntervalHistogram histogram) {
    if (!latencies.histogram(histogram)) {
      duplicates++;
      return false;
    }
    return true;
  }

  /**
   * The node is gone: the values of its events whose interval histogram has not arrived count from the events,
   * now and as more of its events arrive. A histogram of that node that still arrives replaces them exactly.
   */
  public void nodeLost(String node) {
    latencies.nodeLost(node);
  }

  /**
   * The run is over: {@link #nodeLost} for every node, present or not yet seen. After this the histograms hold
   * every distinct value received, and stay exact if more events or histograms arrive.
   */
  public void settle() {
    latencies.settle();
  }

  /**
   * Sessions that reached {@code phase}, from the events: once per session however many attempts reached it (a
   * takeover re-reports what the lost attempt had reached, untimed).
   */
  public long count(Phase phase) {
    return reached.get(phase).size();
  }

  /** Repeated phase events and interval histograms dropped so far. */
  public long duplicates() {
    return duplicates;
  }

  /** A copy of the merged histogram of {@code phase}, in microseconds. */
  public Histogram histogram(Phase phase) {
    return latencies.merged(phase).copy();
  }

  public Map<Phase, PhaseStats> stats() {
    Map<Phase, PhaseStats> out = new EnumMap<>(Phase.class);
    for (Phase p : Phase.values()) {
      out.put(p, PhaseStats.of(latencies.merged(p)));
    }
    return out;
  }

  /** The events of one session attempt, by phase (empty if none arrived). */
  public Map<Phase, PhaseEvent> events(String session, int attempt) {
    Map<Phase, PhaseEvent> events = bySessionAttempt.get(session + "/" + attempt);
    return events == null ? Map.of() : Collections.unmodifiableMap(events);
  }
}
