package io.loadstone.sandbox.agent;

import io.loadstone.sandbox.fault.FaultKind;
import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.pods.PodNetwork;
import io.loadstone.sandbox.truth.GroundTruth;
import io.loadstone.sandbox.truth.TruthEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VNC tunnels of one agent, one per session (see {@link VncTunnel}). Opening one announces it with
 * {@code vnc_ready {sessionId, vncPort, podName}} and records {@link TruthEvent#TUNNEL_UP}. Where the
 * {@code vnc-cross-wire} fault fires, the tunnel reaches another serving pod instead of the session's own; the
 * agent does not notice (its log and {@code vnc_ready} still name its own pod), as a real misrouted port-forward
 * would not. Confined to the agent's context.
 */
final class VncTunnels {
  static final int VNC_PORT = 3000;
  private static final Logger LOG = LoggerFactory.getLogger(VncTunnels.class);
  private final Vertx vertx;
  private final NetClient client;
  private final PodNetwork network;
  private final Outbox outbox;
  private final SessionKube kube;
  private final Faults faults;
  private final GroundTruth truth;
  private final String agentId;
  private final Duration readyTimeout;
  private final Map<String, VncTunnel> tunnels = new HashMap<>();
  /** a tunnel being opened; a close meanwhile removes the token, and the opened tunnel is then discarded */
  private final Map<String, Object> opening = new HashMap<>();

  VncTunnels(Vertx vertx, PodNetwork network, Outbox outbox, SessionKube kube, Faults faults, GroundTruth truth,
             String agentId, Duration readyTimeout) {
    this.vertx = vertx;
    this.client = vertx.createNetClient();
    this.network = network;
    this.outbox = outbox;
    this.kube = kube;
    this.faults = faults;
    this.truth = truth;
    this.agentId = agentId;
    this.readyTimeout = readyTimeout;
  }

  /** Opens (or replaces) the session's tunnel to {@code podName}/{@code podIp}, then sends {@code vnc_ready}. */
  Future<VncTunnel> open(String sessionId, String podName, String podIp) {
    LOG.info("[VNCTunnel] {} Creating tunnel for session: {} (pod {})", agentId, sessionId, podName);
    Object token = new Object();
    Future<Void> previous = close(sessionId);
    opening.put(sessionId, token);
    Future<VncTunnel> opened = previous
        .compose(v -> target(sessionId, podName, podIp))
        .compose(targetIp -> VncTunnel.open(vertx, client, network, outbox, agentId, sessionId, podName, targetIp));
    return opened
        .timeout(readyTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .compose(tunnel -> {
          if (opening.get(sessionId) != token) {
            return tunnel.close().compose(v -> Future.failedFuture("tunnel closed while opening"));
          }
          opening.remove(sessionId);
          tunnels.put(sessionId, tunnel);
          truth.session(sessionId, TruthEvent.TUNNEL_UP);
          outbox.send(Envelope.VNC_READY, new JsonObject().put("sessionId", sessionId).put("vncPort", VNC_PORT)
              .put("podName", podName));
          LOG.info("[VNCTunnel] {} Tunnel created successfully for session {} (local port: {})", agentId, sessionId,
              tunnel.localPort());
          return Future.succeededFuture(tunnel);
        })
        .onFailure(err -> {
          if (opening.get(sessionId) == token) {
            opening.remove(sessionId);
          }
          // after a timeout the tunnel may still open later: it must not stay listening
          opened.onSuccess(tunnel -> {
            if (tunnels.get(sessionId) != tunnel) {
              tunnel.close();
            }
          });
        });
  }

  /**
   * The IP the tunnel really reaches: the pod's own, unless a vnc-cross-wire fault fires, which needs another
   * serving pod to wire to (asked of the cluster only while such a fault is on).
   */
  private Future<String> target(String sessionId, String podName, String podIp) {
    boolean crossWireOn = faults.active().stream().anyMatch(f -> f.kind() == FaultKind.VNC_CROSS_WIRE);
    if (!crossWireOn) {
      return Future.succeededFuture(podIp);
    }
    Optional<String> other = network.servingPodIps().stream().filter(ip -> !ip.equals(podIp)).sorted().findFirst();
    if (other.isEmpty()) {
      return Future.succeededFuture(podIp);
    }
    return kube.podNameByIp(other.get()).map(otherName -> {
      String otherPod = otherName.orElse(other.get());
      String detail = "tunnel of " + sessionId + " for pod " + podName + " (" + podIp + ") wired to pod " + otherPod
          + " (" + other.get() + ")";
      if (faults.trigger(FaultKind.VNC_CROSS_WIRE, sessionId, agentId, detail).isPresent()) {
        LOG.warn("[VNCTunnel] {} fault vnc-cross-wire: {}", agentId, detail);
        truth.sessionAttribute(sessionId, "tunnelPod", otherPod);
        return other.get();
      }
      return podIp;
    });
  }

  Optional<VncTunnel> find(String sessionId) {
    return Optional.ofNullable(tunnels.get(sessionId));
  }

  /** {@code vnc_data} from the control plane. */
  void write(String sessionId, String base64) {
    VncTunnel tunnel = tunnels.get(sessionId);
    if (tunnel == null) {
      LOG.warn("[VNCHandler] {} Failed to send data to pod for session {}: tunnel not found", agentId, sessionId);
      return;
    }
    tunnel.write(base64);
  }

  /** {@code vnc_close}: the viewer left; the next one gets a fresh stream (see {@link VncTunnel}). */
  void viewerClosed(String sessionId, String reason) {
    LOG.info("[VNCHandler] {} Closing VNC stream for session {} (reason: {})", agentId, sessionId, reason);
    VncTunnel tunnel = tunnels.get(sessionId);
    if (tunnel == null) {
      LOG.warn("[VNCHandler] {} Failed to close tunnel: tunnel not found for session {}", agentId, sessionId);
      return;
    }
    tunnel.renewStream().onFailure(err -> LOG.warn("[VNCTunnel] {} session {}: cannot reopen the stream: {}",
        agentId, sessionId, err.getMessage()));
  }

  /** Closes the session's tunnel, if any (and discards one still opening). */
  Future<Void> close(String sessionId) {
    opening.remove(sessionId);
    VncTunnel tunnel = tunnels.remove(sessionId);
    if (tunnel == null) {
      return Future.succeededFuture();
    }
    LOG.info("[VNCTunnel] {} Closing tunnel for session {}", agentId, sessionId);
    return tunnel.close();
  }

  Future<Void> closeAll() {
    List<Future<Void>> closing = new ArrayList<>();
    List.copyOf(tunnels.keySet()).forEach(id -> closing.add(close(id)));
    opening.clear();
    return Future.join(closing).<Void>mapEmpty().eventually(() -> client.close());
  }
}
