package io.loadstone.sandbox.agent;

import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.pods.PodNetwork;
import io.loadstone.sandbox.truth.GroundTruth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One StreamSpace Kubernetes agent of the sandbox, behaving like the platform's {@code k8s-agent}: its own
 * WebSocket client (own id and API key) to the control plane, its own fabric8 client to the sandbox's Kubernetes
 * API, its own verticle. It registers, connects, heartbeats, reconnects with the platform's backoff, runs
 * {@code start_session}, {@code stop_session}, {@code hibernate_session} and {@code wake_session} concurrently,
 * and tunnels VNC between the control plane and the session pods.
 *
 * <p>Deviation from the real agent, on purpose: on {@code vnc_close} the real agent tears its tunnel down for good,
 * so a viewer that reconnects gets nothing; this agent keeps the tunnel and opens a fresh stream into it, so the
 * next viewer gets a fresh RFB handshake. Its heartbeats report the sessions it really runs as
 * {@code activeSessions} (the real agent always sends 0). A pod being deleted never counts as Ready (the real agent
 * takes the first listed pod, which after a quick hibernate/wake can be the old one). Faults honoured here:
 * {@code vnc-cross-wire}, {@code retain-on-stop}, {@code heartbeat-stall}, {@code agent-disconnect} and
 * {@code agent-crash-loop} (see {@link AgentSupervisor}); {@code agent-status-stuck-offline} and
 * {@code command-lost-while-down} are the control plane's.
 *
 * <p>Its timeline goes to the {@link GroundTruth} as {@code truth.agent(id, event, detail)} with events
 * {@code connected}, {@code disconnected}, {@code reconnecting}, {@code reconnect-failed}, {@code heartbeat-stalled},
 * {@code heartbeat-resumed}, {@code crashed}, {@code restarted}, {@code restart-failed}, always with a detail (the
 * control plane writes its own view of connects and drops there too, without one).
 *
 * <pre>
 * SandboxAgent agent = SandboxAgent.start(vertx, settings, faults, truth, pods.network()).await(); // in main/tests
 * ...
 * agent.close();
 * </pre>
 */
public final class SandboxAgent {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxAgent.class);
  private final Vertx vertx;
  private final AgentSettings settings;
  private final AgentSupervisor verticle;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String deploymentId;
  private Future<Void> closing;

  private SandboxAgent(Vertx vertx, AgentSettings settings, Faults faults, GroundTruth truth, PodNetwork network) {
    this.vertx = vertx;
    this.settings = settings;
    // a control plane's shutdown message stops the agent for good, as it ends the real agent's run loop
    this.verticle = new AgentSupervisor(settings, faults, truth, network, this::close);
  }

  /** Deploys the agent; completes once it has registered and its WebSocket is open, fails if that first try fails. */
  public static Future<SandboxAgent> start(Vertx vertx, AgentSettings settings, Faults faults, GroundTruth truth,
                                           PodNetwork network) {
    SandboxAgent agent = new SandboxAgent(vertx, settings, faults, truth, network);
    return vertx.deployVerticle(agent.verticle).map(id -> {
      agent.deploymentId = id;
      LOG.info("[K8sAgent] {} started", settings.agentId());
      return agent;
    });
  }

  public String agentId() {
    return settings.agentId();
  }

  /** Whether its WebSocket to the control plane is open right now. */
  public boolean connected() {
    return !closed.get() && verticle.connected();
  }

  /**
   * Stops heartbeats, reconnects and fault timers, closes the tunnels and the WebSocket, then the Kubernetes client.
   * Idempotent.
   */
  public synchronized Future<Void> close() {
    if (closed.compareAndSet(false, true)) {
      closing = deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
    }
    return closing;
  }

  /** Local port of the session's VNC tunnel, or -1 (tests of this package dial it like a viewer would). */
  Future<Integer> tunnelPort(String sessionId) {
    return verticle.tunnelPort(sessionId);
  }
}
