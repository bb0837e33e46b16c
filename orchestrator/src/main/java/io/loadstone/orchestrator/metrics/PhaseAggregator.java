package io.loadstone.orchestrator.metrics;

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
 * The run's phase events, each counted once: a repeated {@link PhaseEvent#key()} (a redelivery) is dropped, and a
 * session counts once per phase however many attempts reached it (a takeover re-reports what the lost attempt had
 * reached). Keeps one HdrHistogram per phase (microseconds, 3 significant digits) of the first MEASURED time of each
 * session (an adopted attempt reports phases it did not time with a negative elapsed time: counted, not recorded),
 * and each session attempt's phase events. Not thread-safe: fed from the run's verticle context.
 */
public final class PhaseAggregator {
  private static final int SIGNIFICANT_DIGITS = 3;

  private final Set<String> seen = new HashSet<>();
  private final Map<Phase, Histogram> histograms = new EnumMap<>(Phase.class);
  private final Map<String, Map<Phase, PhaseEvent>> bySessionAttempt = new HashMap<>();
  private final Map<Phase, Set<String>> reached = new EnumMap<>(Phase.class);
  private final Map<Phase, Set<String>> measured = new EnumMap<>(Phase.class);
  private long duplicates;

  public PhaseAggregator() {
    for (Phase p : Phase.values()) {
      histograms.put(p, new Histogram(SIGNIFICANT_DIGITS));
      reached.put(p, new HashSet<>());
      measured.put(p, new HashSet<>());
    }
  }

  /** Adds the event; false (and nothing changes) when its key was seen before. */
  public boolean accept(PhaseEvent event) {
    if (!seen.add(event.key())) {
      duplicates++;
      return false;
    }
    reached.get(event.phase()).add(event.session());
    if (event.measured() && measured.get(event.phase()).add(event.session())) {
      histograms.get(event.phase()).recordValue(event.elapsedMicros());
    }
    bySessionAttempt.computeIfAbsent(event.session() + "/" + event.attempt(), k -> new EnumMap<>(Phase.class))
        .put(event.phase(), event);
    return true;
  }

  /** Sessions that reached {@code phase} (by any attempt). */
  public long count(Phase phase) {
    return reached.get(phase).size();
  }

  /** Repeated events dropped so far. */
  public long duplicates() {
    return duplicates;
  }

  /** A copy of the histogram of {@code phase}, in microseconds. */
  public Histogram histogram(Phase phase) {
    return histograms.get(phase).copy();
  }

  public Map<Phase, PhaseStats> stats() {
    Map<Phase, PhaseStats> out = new EnumMap<>(Phase.class);
    histograms.forEach((p, h) -> out.put(p, PhaseStats.of(h)));
    return out;
  }

  /** The events of one session attempt, by phase (empty if none arrived). */
  public Map<Phase, PhaseEvent> events(String session, int attempt) {
    Map<Phase, PhaseEvent> events = bySessionAttempt.get(session + "/" + attempt);
    return events == null ? Map.of() : Collections.unmodifiableMap(events);
  }
}
