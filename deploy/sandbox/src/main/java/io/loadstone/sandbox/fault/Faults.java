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
 * <p>Two faults are on by default because they are the platform's code: {@code retain-on-stop} (adding a
 * {@code retain-on-stop} spec replaces the default) and {@code command-lost-while-down} for every agent (a command
 * for a disconnected agent is failed). With {@code redeliverCommands} the second default is left out, so commands
 * for a disconnected agent are held and re-sent; an explicit {@code command-lost-while-down} still fails them for its
 * agent(s). {@link #clear} restores the defaults.
 *
 * <p>Listeners ({@link #onChange}, {@link #onRemove}) are called on the thread that adds or removes; agents hop to
 * their own context.
 */
public final class Faults {
  private final List<ActiveFault> active = new CopyOnWriteArrayList<>();
  private final List<Consumer<ActiveFault>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<ActiveFault>> removeListeners = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final GroundTruth truth;
  private final Random random;
  private final boolean redeliverCommands;

  /** The platform's code: commands for a disconnected agent are failed ({@code redeliverCommands} false). */
  public Faults(GroundTruth truth, long seed, List<FaultSpec> initial) {
    this(truth, seed, initial, false);
  }

  public Faults(GroundTruth truth, long seed, List<FaultSpec> initial, boolean redeliverCommands) {
    this.truth = truth;
    this.random = new Random(seed);
    this.redeliverCommands = redeliverCommands;
    addDefaults();
    initial.forEach(this::add);
  }

  private void addDefaults() {
    add(FaultSpec.of(FaultKind.RETAIN_ON_STOP));
    if (!redeliverCommands) {
      add(FaultSpec.of(FaultKind.COMMAND_LOST_WHILE_DOWN));
    }
  }

  /** Whether the sandbox was started with {@code redeliverCommands: true}. */
  public boolean redeliverCommands() {
    return redeliverCommands;
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
      removeListeners.forEach(l -> l.accept(f));
    });
    return found.isPresent();
  }

  /** Removes every fault, then switches the defaults on again (retain-on-stop, command-lost-while-down). */
  public void clear() {
    List.copyOf(active).forEach(f -> remove(f.id()));
    addDefaults();
  }

  /** Whether this fault is still switched on (not removed). */
  public boolean isActive(ActiveFault fault) {
    return active.contains(fault);
  }

  /** The active faults of this kind that apply to this agent, in the order they were added. */
  public List<ActiveFault> activeFor(FaultKind kind, String agentId) {
    return active.stream().filter(f -> f.kind() == kind && f.spec().appliesTo(agentId)).toList();
  }

  public List<ActiveFault> active() {
    return List.copyOf(active);
  }

  /**
   * Called with every fault added from now on (agents use it to act on agent-level faults). Returns what undoes the
   * subscription (an agent that stops must not be called any more).
   */
  public Runnable onChange(Consumer<ActiveFault> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Called with every fault removed from now on; returns what undoes the subscription. */
  public Runnable onRemove(Consumer<ActiveFault> listener) {
    removeListeners.add(listener);
    return () -> removeListeners.remove(listener);
  }

  /**
   * Records a firing of this very fault (for standing and timed faults whose caller already knows which fault
   * acts, where {@link #trigger} would pick the first of its kind).
   */
  public void fire(ActiveFault fault, String sessionId, String agentId, String detail) {
    fault.takeOne();
    truth.faultFired(fault, sessionId, agentId, detail);
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
