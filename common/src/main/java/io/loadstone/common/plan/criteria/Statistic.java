package io.loadstone.common.plan.criteria;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a criterion on a phase looks at. Latency statistics compare durations (the phase time of the sessions
 * that reached the phase); {@link #COUNT} compares how many sessions reached it; {@link #RATE} what fraction of
 * the planned sessions did, as a percentage.
 */
public enum Statistic {
  P50("p50"), P90("p90"), P95("p95"), P99("p99"), MAX("max"), MIN("min"), MEAN("mean"),
  /** Sessions that reached the phase (a whole number). */
  COUNT("count"),
  /** Sessions that reached the phase over sessions planned (a percentage). */
  RATE("rate");

  private final String id;

  Statistic(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** True for the statistics compared with a duration. */
  public boolean isLatency() {
    return this != COUNT && this != RATE;
  }

  public static Optional<Statistic> byId(String id) {
    return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(Statistic::id).toList();
  }
}
