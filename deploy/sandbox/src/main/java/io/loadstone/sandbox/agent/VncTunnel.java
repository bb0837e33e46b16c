package io.loadstone.sandbox.agent;

import io.loadstone.sandbox.pods.PodNetwork;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's VNC tunnel, the sandbox's stand-in for the real agent's {@code kubectl port-forward}: a TCP server
 * on 127.0.0.1 (its own port) that pipes every accepted connection to {@code <target pod IP>:3000} through the
 * {@link PodNetwork}, plus the agent's own <em>stream</em> into that port, whose bytes go to the control plane as
 * {@code vnc_data}. All of it runs on the agent's context.
 *
 * <p>Deviation from the real agent, on purpose: {@link #renewStream} (on {@code vnc_close}) replaces the stream
 * with a fresh connection, so the next viewer gets a fresh RFB handshake. The real agent closes the whole tunnel on
 * {@code vnc_close} and never reopens it, which leaves a reconnecting viewer with no VNC at all.
 */
final class VncTunnel {
  private static final Logger LOG = LoggerFactory.getLogger(VncTunnel.class);
  private final String agentId;
  private final String sessionId;
  private final String podName;
  private final String targetIp;
  private final NetClient client;
  private final PodNetwork network;
  private final Outbox outbox;
  private final Set<NetSocket> forwarded = new HashSet<>();
  private NetServer server;
  private NetSocket stream;
  private boolean closed;

  private VncTunnel(String agentId, String sessionId, String podName, String targetIp, NetClient client,
                    PodNetwork network, Outbox outbox) {
    this.agentId = agentId;
    this.sessionId = sessionId;
    this.podName = podName;
    this.targetIp = targetIp;
    this.client = client;
    this.network = network;
    this.outbox = outbox;
  }

  /** Listens on a fresh loopback port, then connects the stream to it. */
  static Future<VncTunnel> open(Vertx vertx, NetClient client, PodNetwork network, Outbox outbox, String agentId,
                                String sessionId, String podName, String targetIp) {
    VncTunnel tunnel = new VncTunnel(agentId, sessionId, podName, targetIp, client, network, outbox);
    NetServer server = vertx.createNetServer().connectHandler(tunnel::forward);
    tunnel.server = server;
    return server.listen(0, "127.0.0.1")
        .compose(s -> {
          LOG.info("[VNCTunnel] Port-forward established: localhost:{} -> {}:{}", s.actualPort(), podName,
              VncTunnels.VNC_PORT);
          return tunnel.connectStream();
        })
        .map(tunnel)
        .onFailure(err -> tunnel.close());
  }

  String sessionId() {
    return sessionId;
  }

  String podName() {
    return podName;
  }

  int localPort() {
    return server.actualPort();
  }

  /** Connections the tunnel's port accepts, its own stream included, go to the target pod or are closed. */
  private void forward(NetSocket accepted) {
    if (closed) {
      accepted.close();
      return;
    }
    accepted.pause();
    Optional<SocketAddress> pod = network.resolve(targetIp, VncTunnels.VNC_PORT);
    if (pod.isEmpty()) {
      LOG.warn("[VNCTunnel] {} session {}: error forwarding port {} to pod {}: no pod serves {}:{}", agentId,
          sessionId, VncTunnels.VNC_PORT, podName, targetIp, VncTunnels.VNC_PORT);
      accepted.close();
      return;
    }
    forwarded.add(accepted);
    accepted.closeHandler(v -> forwarded.remove(accepted));
    client.connect(pod.get()).onComplete(ar -> {
      if (ar.failed() || closed) {
        if (ar.failed()) {
          LOG.warn("[VNCTunnel] {} session {}: cannot reach pod {} at {}: {}", agentId, sessionId, podName,
              pod.get(), ar.cause().getMessage());
        } else {
          ar.result().close();
        }
        accepted.close();
        return;
      }
      NetSocket toPod = ar.result();
      forwarded.add(toPod);
      toPod.closeHandler(v -> forwarded.remove(toPod));
      accepted.pipeTo(toPod);
      toPod.pipeTo(accepted);
    });
  }

  private Future<Void> connectStream() {
    return client.connect(server.actualPort(), "127.0.0.1").map(socket -> {
      if (closed) {
        socket.close();
        return null;
      }
      stream = socket;
      socket.handler(bytes -> relay(socket, bytes));
      socket.closeHandler(v -> {
        if (stream == socket) {
          stream = null;
          LOG.info("[VNCTunnel] {} Data relay stopped for session {}", agentId, sessionId);
        }
      });
      LOG.info("[VNCTunnel] {} Connected to forwarded port {} for session {}", agentId, server.actualPort(),
          sessionId);
      return null;
    });
  }

  private void relay(NetSocket from, Buffer bytes) {
    LOG.debug("[VNCTunnel] {} session {}: {} bytes from the pod", agentId, sessionId, bytes.length());
    outbox.send(Envelope.VNC_DATA, new JsonObject().put("sessionId", sessionId)
        .put("data", Base64.getEncoder().encodeToString(bytes.getBytes())));
    // a slow control-plane link slows the pod's stream instead of growing the queue without bound
    if (outbox.writeQueueFull()) {
      from.pause();
      outbox.whenDrained(from::resume);
    }
  }

  /** Writes control-plane bytes (base64) to the pod through the stream. */
  void write(String base64) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64 == null ? "" : base64);
    } catch (IllegalArgumentException e) {
      LOG.warn("[VNCTunnel] {} session {}: failed to decode base64 VNC data", agentId, sessionId);
      return;
    }
    if (stream == null) {
      LOG.warn("[VNCTunnel] {} session {}: connection not established, {} bytes dropped", agentId, sessionId,
          bytes.length);
      return;
    }
    stream.write(Buffer.buffer(bytes));
  }

  /** Closes the current stream and opens a fresh one (see the class comment). */
  Future<Void> renewStream() {
    NetSocket old = stream;
    stream = null;
    Future<Void> closing = old == null ? Future.succeededFuture() : old.close();
    return closing.transform(ar -> closed ? Future.<Void>succeededFuture() : connectStream());
  }

  /** Stops the port, the stream and every forwarded connection. */
  Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    NetSocket s = stream;
    stream = null;
    List<Future<Void>> closing = new java.util.ArrayList<>();
    if (s != null) {
      closing.add(s.close());
    }
    List.copyOf(forwarded).forEach(socket -> closing.add(socket.close()));
    forwarded.clear();
    if (server != null) {
      closing.add(server.close());
    }
    return Future.join(closing).mapEmpty();
  }
}
