package io.loadstone.orchestrator.report;

import org.HdrHistogram.AbstractHistogram;

/**
 * Latency statistics of one phase over the sessions that reached it, in milliseconds (fractions kept). A phase
 * no session reached has count 0 and every statistic NaN ({@link #isEmpty()}); writers print those as absent.
 * Otherwise the statistics are finite, non-negative and ordered {@code p50 <= p90 <= p95 <= p99 <= max}.
 */
public record PhaseStats(long count, double p50, double p90, double p95, double p99, double max) {
  /** The statistics of a phase nobody reached. */
  public static final PhaseStats EMPTY = new PhaseStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  public PhaseStats {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    double[] values = {p50, p90, p95, p99, max};
    if (count == 0) {
      for (double v : values) {
        if (!Double.isNaN(v)) {
          throw new IllegalArgumentException("a phase with count 0 has no statistics, got " + v);
        }
      }
    } else {
      for (int i = 0; i < values.length; i++) {
        if (!Double.isFinite(values[i]) || values[i] < 0 || i > 0 && values[i] < values[i - 1]) {
          throw new IllegalArgumentException("expected 0 <= p50 <= p90 <= p95 <= p99 <= max, got " + p50 + ", "
              + p90 + ", " + p95 + ", " + p99 + ", " + max);
        }
      }
    }
  }

  /**
   * The statistics of a histogram of phase times in microseconds, converted to milliseconds. Each value is the
   * highest value equivalent to the recorded ones at the histogram's precision (HdrHistogram's own convention),
   * so the error is at most one part in 10^(significant digits) upward. An empty histogram gives {@link #EMPTY}.
   */
  public static PhaseStats of(AbstractHistogram microsHistogram) {
    long count = microsHistogram.getTotalCount();
    if (count == 0) {
      return EMPTY;
    }
    return new PhaseStats(count, millis(microsHistogram, 50), millis(microsHistogram, 90),
        millis(microsHistogram, 95), millis(microsHistogram, 99), microsHistogram.getMaxValue() / 1000.0);
  }

  /**
   * The statistics of exact values in milliseconds (agent recovery times, a handful per run): nearest-rank
   * percentiles, no rounding. No value gives {@link #EMPTY}.
   */
  public static PhaseStats ofMillis(java.util.Collection<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
    if (sorted.length == 0) {
      return EMPTY;
    }
    return new PhaseStats(sorted.length, rank(sorted, 50), rank(sorted, 90), rank(sorted, 95), rank(sorted, 99),
        sorted[sorted.length - 1]);
  }

  private static double rank(double[] sorted, double percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** True when no session reached the phase. */
  public boolean isEmpty() {
    return count == 0;
  }

  private static double millis(AbstractHistogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }
}
