package io.loadstone.sandbox.agent;

import io.loadstone.sandbox.fault.ActiveFault;
import io.loadstone.sandbox.fault.FaultKind;
import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.pods.PodNetwork;
import io.loadstone.sandbox.truth.GroundTruth;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps one agent process running, as the agent's Deployment and kubelet do for the real one: deploys the
 * {@link AgentVerticle} (the process) and acts on the agent-level faults that hit the process from outside.
 * <ul>
 *   <li>{@code agent-disconnect}: once per added fault (at start-up for a configured one), the live connection is
 *   cut; the process then retries on its backoff, and {@link NetworkCut} fails each try while the fault's window is
 *   open.</li>
 *   <li>{@code agent-crash-loop}: every {@code period} from when the fault was added the process dies
 *   ({@code crashed}, "concurrent write panic (fault N)") and a fresh one is started {@code agentRestartDelay}
 *   later ({@code restarted}), which registers, connects and heartbeats. Until the fault is removed.</li>
 * </ul>
 * Fault notifications arrive on other threads and are handed to this verticle's context; everything here runs on it.
 */
final class AgentSupervisor extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AgentSupervisor.class);
  private final AgentSettings settings;
  private final Faults faults;
  private final GroundTruth truth;
  private final PodNetwork network;
  private final Runnable onShutdownRequest;
  private final HeartbeatStall stall;
  private final NetworkCut networkCut;
  /** crash-loop fault id -> its next crash timer */
  private final Map<Long, Long> crashTimers = new HashMap<>();
  private final List<Runnable> subscriptions = new ArrayList<>();
  private volatile AgentVerticle process;
  private String processDeployment;
  private boolean stopping;

  AgentSupervisor(AgentSettings settings, Faults faults, GroundTruth truth, PodNetwork network,
                  Runnable onShutdownRequest) {
    this.settings = settings;
    this.faults = faults;
    this.truth = truth;
    this.network = network;
    this.onShutdownRequest = onShutdownRequest;
    this.stall = new HeartbeatStall(faults, truth, settings.agentId());
    this.networkCut = new NetworkCut(faults, settings.agentId());
  }

  /** Completes once the first process has registered and connected; fails if that first try fails. */
  @Override
  public Future<?> start() {
    return launch().onSuccess(v -> {
      subscriptions.add(faults.onChange(f -> context.runOnContext(x -> added(f))));
      subscriptions.add(faults.onRemove(f -> context.runOnContext(x -> removed(f))));
      // faults configured before the agent existed act now, once each
      faults.activeFor(FaultKind.AGENT_DISCONNECT, agentId()).forEach(this::added);
      faults.activeFor(FaultKind.AGENT_CRASH_LOOP, agentId()).forEach(this::added);
    });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    subscriptions.forEach(Runnable::run);
    crashTimers.values().forEach(vertx::cancelTimer);
    crashTimers.clear();
    // the process is a child deployment: undeploying this verticle undeploys it
    return Future.succeededFuture();
  }

  boolean connected() {
    AgentVerticle p = process;
    return p != null && p.connected();
  }

  Future<Integer> tunnelPort(String sessionId) {
    AgentVerticle p = process;
    return p == null ? Future.succeededFuture(-1) : p.tunnelPort(sessionId);
  }

  private String agentId() {
    return settings.agentId();
  }

  private Future<Void> launch() {
    AgentVerticle fresh = new AgentVerticle(settings, faults, truth, network, onShutdownRequest, stall, networkCut);
    return vertx.deployVerticle(fresh).map(id -> {
      process = fresh;
      processDeployment = id;
      return null;
    });
  }

  private void added(ActiveFault fault) {
    if (stopping || !fault.spec().appliesTo(agentId()) || !faults.isActive(fault)) {
      return;
    }
    if (fault.kind() == FaultKind.AGENT_DISCONNECT) {
      disconnect(fault);
    } else if (fault.kind() == FaultKind.AGENT_CRASH_LOOP && !crashTimers.containsKey(fault.id())) {
      scheduleCrash(fault);
    }
  }

  private void removed(ActiveFault fault) {
    Long timer = crashTimers.remove(fault.id());
    if (timer != null) {
      vertx.cancelTimer(timer);
      LOG.info("[K8sAgent] {} crash loop ended (fault {} removed)", agentId(), fault.id());
    }
  }

  private void disconnect(ActiveFault fault) {
    String detail = NetworkCut.describe(fault) + ": network cut, read error";
    AgentVerticle p = process;
    Future<Boolean> cut = p == null ? Future.succeededFuture(false) : p.cut(detail);
    cut.onSuccess(wasConnected -> faults.fire(fault, null, agentId(), wasConnected
        ? "WebSocket cut; reconnects fail " + window(fault)
        : "agent was not connected; reconnects fail " + window(fault)));
  }

  private static String window(ActiveFault fault) {
    return fault.spec().forDuration() == null ? "until the fault is removed"
        : "for " + fault.spec().forDuration().toMillis() + " ms";
  }

  /** The next crash is at added + k * period, the first such time still ahead, so the loop keeps its phase. */
  private void scheduleCrash(ActiveFault fault) {
    long periodNanos = fault.spec().period().toNanos();
    long since = System.nanoTime() - fault.addedNanos();
    long nextInNanos = periodNanos - Math.floorMod(since, periodNanos);
    // rounded up: a crash must never come before its time
    long delayMs = Math.max(1, (nextInNanos + 999_999) / 1_000_000);
    crashTimers.put(fault.id(), vertx.setTimer(delayMs, t -> {
      crashTimers.remove(fault.id());
      if (stopping || !faults.isActive(fault)) {
        return;
      }
      crash(fault);
      scheduleCrash(fault);
    }));
  }

  private void crash(ActiveFault fault) {
    AgentVerticle p = process;
    if (p == null) {
      LOG.info("[K8sAgent] {} not running (restart pending), crash of fault {} skipped", agentId(), fault.id());
      return;
    }
    String detail = "concurrent write panic (fault " + fault.id() + ")";
    LOG.error("[K8sAgent] {} panic: concurrent write to websocket connection (fault {}); process exits",
        agentId(), fault.id());
    process = null;
    String deployment = processDeployment;
    processDeployment = null;
    truth.agent(agentId(), "crashed", detail);
    faults.fire(fault, null, agentId(), "concurrent write panic");
    p.die()
        .compose(v -> vertx.undeploy(deployment))
        .onFailure(err -> LOG.warn("[K8sAgent] {} dead process did not stop cleanly: {}", agentId(), err.getMessage()))
        // the dead process's futures complete on its context; the restart belongs to this one
        .onComplete(ar -> context.runOnContext(v -> scheduleRestart(fault)));
  }

  private void scheduleRestart(ActiveFault fault) {
    if (stopping) {
      return;
    }
    vertx.setTimer(Math.max(1, settings.timings().agentRestartDelay().toMillis()), t -> restart(fault));
  }

  private void restart(ActiveFault fault) {
    if (stopping || process != null) {
      return;
    }
    truth.agent(agentId(), "restarted", "fresh process after crash (fault " + fault.id() + ")");
    LOG.info("[K8sAgent] {} restarting after crash", agentId());
    launch().onFailure(err -> {
      LOG.warn("[K8sAgent] {} restart failed: {}", agentId(), err.getMessage());
      truth.agent(agentId(), "restart-failed", err.getMessage());
      scheduleRestart(fault);
    });
  }
}
