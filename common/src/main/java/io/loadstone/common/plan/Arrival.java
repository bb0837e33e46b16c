package io.loadstone.common.plan;

/**
 * When the sessions start. Only {@link Burst} exists now; ramp and rate arrivals come with L5, as further
 * permitted records.
 */
public sealed interface Arrival permits Arrival.Burst {
  /** The plan name of this arrival kind. */
  String kind();

  /** Every session's create request is sent at once. */
  record Burst() implements Arrival {
    @Override
    public String kind() {
      return "burst";
    }
  }
}
