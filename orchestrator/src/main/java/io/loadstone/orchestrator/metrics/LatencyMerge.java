package io.loadstone.orchestrator.metrics;

import io.loadstone.common.message.IntervalHistogram;
import io.loadstone.common.phase.Phase;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * One histogram per phase, built so that every distinct value counts exactly once whether it came in a node's
 * interval histogram or only in its phase event. The unit is a bucket, (node, interval, phase):
 * <ul>
 *   <li>its histogram arrives: it is added, and the bucket is covered (events of that bucket add nothing, before or
 *       after, and a repeat of the histogram is a duplicate);</li>
 *   <li>its node is lost (or the run settles) first: the values of the bucket's events are added from the events
 *       (and kept), so are those of its events that arrive later; if the histogram still arrives, those values are
 *       subtracted again and the histogram added instead, the worker's complete record of the interval.</li>
 * </ul>
 * Event values wait in their bucket until one of these happens. Not thread-safe.
 */
final class LatencyMerge {
  static final int SIGNIFICANT_DIGITS = 3;

  private final Map<Phase, Histogram> merged = new EnumMap<>(Phase.class);
  private final Map<String, Map<Long, Bucket[]>> nodes = new HashMap<>();
  private final Set<String> lost = new HashSet<>();
  private boolean settled;

  LatencyMerge() {
    for (Phase p : Phase.values()) {
      merged.put(p, new Histogram(SIGNIFICANT_DIGITS));
    }
  }

  /** The value of a newly accepted (not repeated) event. */
  void value(String node, long interval, Phase phase, long micros) {
    Bucket bucket = bucket(node, interval, phase);
    if (bucket.covered) {
      return;
    }
    bucket.add(micros);
    if (bucket.fallenBack) {
      merged.get(phase).recordValue(micros);
    } else if (settled || lost.contains(node)) {
      fallBack(phase, bucket);
    }
  }

  /**
   * Adds a node's interval histogram unless its bucket is already covered.
   *
   * @return false for a repeat
   * @throws IllegalArgumentException if the bytes are not a compressed HdrHistogram (nothing changes, so the
   *                                  bucket's events still count)
   */
  boolean histogram(IntervalHistogram h) {
    Bucket bucket = bucket(h.node(), h.sequence(), h.phase());
    if (bucket.covered) {
      return false;
    }
    Histogram decoded = decode(h);
    Histogram target = merged.get(h.phase());
    if (bucket.fallenBack) {
      target.subtract(bucket.histogram());
    }
    target.add(decoded);
    bucket.cover();
    return true;
  }

  /** From now on, the node's values without a histogram count from their events. */
  void nodeLost(String node) {
    if (!lost.add(node)) {
      return;
    }
    fallBack(nodes.getOrDefault(node, Map.of()));
  }

  /** The same as {@link #nodeLost} for every node, present and future. */
  void settle() {
    settled = true;
    nodes.values().forEach(this::fallBack);
  }

  Histogram merged(Phase phase) {
    return merged.get(phase);
  }

  private void fallBack(Map<Long, Bucket[]> intervals) {
    for (Bucket[] byPhase : intervals.values()) {
      for (Phase p : Phase.values()) {
        Bucket b = byPhase[p.ordinal()];
        if (b != null && !b.covered && !b.fallenBack) {
          fallBack(p, b);
        }
      }
    }
  }

  private void fallBack(Phase phase, Bucket bucket) {
    Histogram target = merged.get(phase);
    for (int i = 0; i < bucket.size; i++) {
      target.recordValue(bucket.values[i]);
    }
    bucket.fallenBack = true;
  }

  private Bucket bucket(String node, long interval, Phase phase) {
    Bucket[] byPhase = nodes.computeIfAbsent(node, k -> new HashMap<>())
        .computeIfAbsent(interval, k -> new Bucket[Phase.values().length]);
    Bucket b = byPhase[phase.ordinal()];
    if (b == null) {
      b = new Bucket();
      byPhase[phase.ordinal()] = b;
    }
    return b;
  }

  private static Histogram decode(IntervalHistogram h) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(h.compressed()), 0);
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("interval histogram " + h.key() + ": expected a compressed HdrHistogram ("
          + h.compressed().length + " bytes), could not decode it: " + e.getMessage(), e);
    }
  }

  /** The event values of one (node, interval, phase); dropped once the histogram covers them. */
  private static final class Bucket {
    long[] values = new long[4];
    int size;
    boolean covered;
    boolean fallenBack;

    void add(long micros) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = micros;
    }

    Histogram histogram() {
      Histogram h = new Histogram(SIGNIFICANT_DIGITS);
      for (int i = 0; i < size; i++) {
        h.recordValue(values[i]);
      }
      return h;
    }

    void cover() {
      covered = true;
      values = null;
      size = 0;
    }
  }
}
