package io.loadstone.common.message;

import io.loadstone.common.phase.Phase;
import java.util.Arrays;
import java.util.Objects;

/**
 * One node's phase latencies recorded during an interval: an HdrHistogram in its compressed encoding. Each node
 * numbers its intervals; the aggregator drops a repeated {@code (node, sequence)} and adds the rest losslessly.
 *
 * @param compressed {@code AbstractHistogram.encodeIntoCompressedByteBuffer} output, values in microseconds
 */
public record IntervalHistogram(RunId run, String node, long sequence, Phase phase, long startWallMillis,
                                long endWallMillis, byte[] compressed) {
  public IntervalHistogram {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(phase, "phase");
    compressed = compressed.clone();
  }

  @Override
  public byte[] compressed() {
    return compressed.clone();
  }

  /** The identity of the interval, for dropping duplicates. */
  public String key() {
    return run + "/" + node + "/" + phase.id() + "/" + sequence;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IntervalHistogram h && run.equals(h.run) && node.equals(h.node) && sequence == h.sequence
        && phase == h.phase && startWallMillis == h.startWallMillis && endWallMillis == h.endWallMillis
        && Arrays.equals(compressed, h.compressed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(run, node, sequence, phase, startWallMillis, endWallMillis) * 31 + Arrays.hashCode(compressed);
  }

  @Override
  public String toString() {
    return "IntervalHistogram[run=" + run + ", node=" + node + ", sequence=" + sequence + ", phase=" + phase
        + ", bytes=" + compressed.length + "]";
  }
}
