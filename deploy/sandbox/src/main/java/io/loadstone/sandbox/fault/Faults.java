package io.loadstone.sandbox.fault;

import io.loadstone.sandbox.truth.GroundTruth;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The faults switched on in one sandbox, shared by the control plane, the agents and the pod simulator.
 * Thread-safe: callers on different event loops ask {@link #trigger} at the exact point where StreamSpace's code
 * would misbehave, and every firing is written to the {@link GroundTruth} with its time, so a client's
 * diagnosis can be checked against what really happened.
 *
 * <p>{@code retain-on-stop} is on by default, as in the platform's code; adding a {@code retain-on-stop}
 * spec replaces the default.
 */
public final class Faults {
  private final List<ActiveFault> active = new CopyOnWriteArrayList<>();
  private final List<Consumer<ActiveFault>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final GroundTruth truth;
  private final Random random;

  public Faults(GroundTruth truth, long seed, List<FaultSpec> initial) {
    this.truth = truth;
    this.random = new Random(seed);
    add(FaultSpec.of(FaultKind.RETAIN_ON_STOP));
    initial.forEach(this::add);
  }

  /** Switches a fault on; for retain-on-stop the new spec replaces the previous one. */
  public ActiveFault add(FaultSpec spec) {
    if (spec.kind() == FaultKind.RETAIN_ON_STOP) {
      active.removeIf(f -> f.kind() == FaultKind.RETAIN_ON_STOP);
    }
    ActiveFault fault = new ActiveFault(ids.incrementAndGet(), spec, System.nanoTime());
    active.add(fault);
    truth.faultAdded(fault);
    listeners.forEach(l -> l.accept(fault));
    return fault;
  }

  public boolean remove(long id) {
    Optional<ActiveFault> found = active.stream().filter(f -> f.id() == id).findFirst();
    found.ifPresent(f -> {
      active.remove(f);
      truth.faultRemoved(f);
    });
    return found.isPresent();
  }

  /** Removes every fault but the retain-on-stop default (restored if it had been changed). */
  public void clear() {
    List.copyOf(active).forEach(f -> remove(f.id()));
    add(FaultSpec.of(FaultKind.RETAIN_ON_STOP));
  }

  public List<ActiveFault> active() {
    return List.copyOf(active);
  }

  /** Called with every fault added from now on (agents use it to act on agent-level faults). */
  public void onChange(Consumer<ActiveFault> listener) {
    listeners.add(listener);
  }

  /**
   * Decides whether a fault of this kind fires now for this session (and/or agent); when it does, it is
   * recorded in the ground truth with {@code detail} and returned so the caller can read its parameters.
   */
  public Optional<ActiveFault> trigger(FaultKind kind, String sessionId, String agentId, String detail) {
    for (ActiveFault fault : active) {
      if (fault.kind() != kind || !fault.matches(sessionId, agentId)) {
        continue;
      }
      Double rate = fault.spec().rate();
      if (rate != null && nextDouble() >= rate) {
        continue;
      }
      if (!fault.takeOne()) {
        continue;
      }
      truth.faultFired(fault, sessionId, agentId, detail);
      return Optional.of(fault);
    }
    return Optional.empty();
  }

  /** Whether a fault of this kind is on for this agent, without firing it (for standing conditions). */
  public Optional<ActiveFault> standing(FaultKind kind, String agentId) {
    return active.stream().filter(f -> f.kind() == kind && f.matches(null, agentId) && !f.exhausted()).findFirst();
  }

  public boolean retainPvcOnStop() {
    return retain().map(s -> s.pvc() == null || s.pvc()).orElse(false);
  }

  public boolean retainSessionCrOnStop() {
    return retain().map(s -> s.sessionCr() == null || s.sessionCr()).orElse(false);
  }

  private Optional<FaultSpec> retain() {
    return active.stream().filter(f -> f.kind() == FaultKind.RETAIN_ON_STOP).map(ActiveFault::spec).findFirst();
  }

  private double nextDouble() {
    synchronized (random) {
      return random.nextDouble();
    }
  }
}
