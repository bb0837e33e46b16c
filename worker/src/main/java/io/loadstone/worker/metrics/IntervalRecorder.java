package io.loadstone.worker.metrics;

import io.loadstone.common.message.IntervalHistogram;
import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.message.RunId;
import io.loadstone.common.phase.Phase;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * One worker node's phase latencies, cut into numbered intervals. {@link #record(PhaseEvent)} puts the event's value
 * (microseconds, 3 significant digits: the aggregator's precision) into the current interval and returns that
 * interval's sequence number; {@link #flush()} (every second once {@link #start(Vertx, long)} ran, and on demand)
 * publishes one {@link IntervalHistogram} per phase that got a value, then moves on to the next sequence number.
 *
 * <p>Guarantees: every recorded value is in exactly one published histogram, the one whose sequence {@code record}
 * returned (or in none, if the node dies before the flush: then the aggregator takes it from the event); sequences
 * start at 1, grow by one per non-empty interval and are never reused. Record and flush are serialized (one lock,
 * uncontended when everything runs on the worker's context), so no value can slip into a neighbouring interval.
 */
public final class IntervalRecorder {
  /** How often {@link #start(Vertx, long)} is usually asked to flush. */
  public static final long DEFAULT_PERIOD_MILLIS = 1000;
  private static final int SIGNIFICANT_DIGITS = 3;

  private final RunId run;
  private final String node;
  private final Consumer<IntervalHistogram> publish;
  private final Map<Phase, Histogram> current = new EnumMap<>(Phase.class);
  private long sequence = 1;
  private long startWallMillis = System.currentTimeMillis();
  private Vertx vertx;
  private long timer = -1;

  /**
   * @param publish receives each histogram once; called outside the lock, on the thread that flushed
   */
  public IntervalRecorder(RunId run, String node, Consumer<IntervalHistogram> publish) {
    this.run = Objects.requireNonNull(run, "run");
    this.node = Objects.requireNonNull(node, "node");
    this.publish = Objects.requireNonNull(publish, "publish");
    for (Phase p : Phase.values()) {
      current.put(p, new Histogram(SIGNIFICANT_DIGITS));
    }
  }

  /**
   * Flushes every {@code periodMillis} from now on, on the caller's context (call it from the verticle's start).
   */
  public void start(Vertx vertx, long periodMillis) {
    stopTimer();
    this.vertx = vertx;
    timer = vertx.setPeriodic(periodMillis, id -> flush());
  }

  /** Stops the periodic flush and publishes what is left. */
  public void stop() {
    stopTimer();
    flush();
  }

  /** Records the event's value into the current interval; returns that interval's sequence number (>= 1). */
  public synchronized long record(PhaseEvent event) {
    if (!event.measured()) {
      // an adopting attempt's untimed phase: no value to record, and its event names no interval
      return PhaseEvent.NO_INTERVAL;
    }
    current.get(event.phase()).recordValue(event.elapsedMicros());
    return sequence;
  }

  /**
   * Publishes the current interval, one histogram per phase that got a value, and starts the next one. Does
   * nothing (and keeps the sequence number) when no value was recorded since the last flush.
   */
  public void flush() {
    List<IntervalHistogram> out = new ArrayList<>();
    synchronized (this) {
      long endWallMillis = System.currentTimeMillis();
      for (Map.Entry<Phase, Histogram> e : current.entrySet()) {
        Histogram h = e.getValue();
        if (h.getTotalCount() > 0) {
          out.add(new IntervalHistogram(run, node, sequence, e.getKey(), startWallMillis, endWallMillis, compress(h)));
          h.reset();
        }
      }
      if (!out.isEmpty()) {
        sequence++;
        startWallMillis = endWallMillis;
      }
    }
    out.forEach(publish);
  }

  /** The sequence number the next recorded value will get. */
  public synchronized long sequence() {
    return sequence;
  }

  private void stopTimer() {
    if (vertx != null && timer >= 0) {
      vertx.cancelTimer(timer);
    }
    timer = -1;
  }

  private static byte[] compress(Histogram h) {
    ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int length = h.encodeIntoCompressedByteBuffer(buffer);
    return Arrays.copyOf(buffer.array(), length);
  }
}
