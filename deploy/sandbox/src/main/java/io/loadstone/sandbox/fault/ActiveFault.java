package io.loadstone.sandbox.fault;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;

/** A fault switched on in a running sandbox: its id (for removal through the admin API), spec and firings. */
public final class ActiveFault {
  private final long id;
  private final FaultSpec spec;
  private final long addedNanos;
  private final AtomicInteger fired = new AtomicInteger();
  private final AtomicInteger remaining;

  ActiveFault(long id, FaultSpec spec, long addedNanos) {
    this.id = id;
    this.spec = spec;
    this.addedNanos = addedNanos;
    this.remaining = new AtomicInteger(spec.count() == null ? Integer.MAX_VALUE : spec.count());
  }

  public long id() {
    return id;
  }

  public FaultSpec spec() {
    return spec;
  }

  public FaultKind kind() {
    return spec.kind();
  }

  public long addedNanos() {
    return addedNanos;
  }

  public int fired() {
    return fired.get();
  }

  /**
   * Whether its {@code for} window is still open at {@code nowNanos} ({@code System.nanoTime()}): always without
   * {@code for}, else until {@code for} has elapsed since it was added.
   */
  public boolean windowOpen(long nowNanos) {
    return spec.forDuration() == null || nowNanos - addedNanos < spec.forDuration().toNanos();
  }

  boolean matches(String sessionId, String agentId) {
    if (spec.agent() != null && agentId != null && !spec.agent().equals(agentId)) {
      return false;
    }
    return spec.sessions().isEmpty() || (sessionId != null && spec.sessions().stream().anyMatch(sessionId::contains));
  }

  /** Consumes one use when the fault has a count; false once the count is spent. */
  boolean takeOne() {
    while (true) {
      int left = remaining.get();
      if (left <= 0) {
        return false;
      }
      if (remaining.compareAndSet(left, left == Integer.MAX_VALUE ? left : left - 1)) {
        fired.incrementAndGet();
        return true;
      }
    }
  }

  public boolean exhausted() {
    return remaining.get() <= 0;
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("spec", spec.toJson()).put("fired", fired.get())
        .put("exhausted", exhausted());
  }
}
