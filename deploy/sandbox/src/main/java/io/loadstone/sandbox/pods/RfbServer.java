package io.loadstone.sandbox.pods;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod's VNC server: a real TCP listener on 127.0.0.1 (ephemeral port) speaking the server side of RFB 3.8
 * (and 3.7, 3.3) with security type None, a {@value Framebuffer#WIDTH}x{@value Framebuffer#HEIGHT} desktop
 * whose name is the session id, and Raw framebuffer updates whose pixels depend only on that name.
 *
 * <p>{@link #close()} stops listening and closes every open connection; after it completes, connecting to
 * {@link #address()} is refused. Methods other than {@link #start} and {@link #close} may be called from any
 * thread; connections are served on the context that called {@link #start}.
 */
public final class RfbServer {
  private static final Logger LOG = LoggerFactory.getLogger(RfbServer.class);

  private final Vertx vertx;
  private final String desktopName;
  private final Framebuffer framebuffer;
  private final Set<RfbConnection> connections = new HashSet<>();
  private NetServer server;
  private volatile SocketAddress address;
  private volatile boolean closed;

  private RfbServer(Vertx vertx, String desktopName) {
    this.vertx = vertx;
    this.desktopName = desktopName;
    this.framebuffer = new Framebuffer(desktopName);
  }

  /** Listens on 127.0.0.1, port 0; the future holds the running server. */
  public static Future<RfbServer> start(Vertx vertx, String desktopName) {
    RfbServer rfb = new RfbServer(vertx, desktopName);
    rfb.server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true))
        .connectHandler(rfb::accept);
    return rfb.server.listen().map(s -> {
      rfb.address = SocketAddress.inetSocketAddress(s.actualPort(), "127.0.0.1");
      LOG.debug("RFB {}: listening on {}", desktopName, rfb.address);
      return rfb;
    });
  }

  private void accept(NetSocket socket) {
    if (closed) {
      socket.close();
      return;
    }
    RfbConnection[] self = new RfbConnection[1];
    self[0] = new RfbConnection(vertx, socket, desktopName, framebuffer, () -> {
      synchronized (connections) {
        connections.remove(self[0]);
      }
    });
    synchronized (connections) {
      connections.add(self[0]);
    }
    self[0].start();
  }

  public SocketAddress address() {
    return address;
  }

  public int port() {
    return address.port();
  }

  /** The desktop name sent in ServerInit: the session id. */
  public String desktopName() {
    return desktopName;
  }

  public int connectionCount() {
    synchronized (connections) {
      return connections.size();
    }
  }

  public boolean isClosed() {
    return closed;
  }

  /** Stops listening and closes every connection; calling it again is harmless. */
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    List<RfbConnection> open;
    synchronized (connections) {
      open = new ArrayList<>(connections);
    }
    open.forEach(RfbConnection::close);
    LOG.debug("RFB {}: closing ({} connections)", desktopName, open.size());
    return server.close();
  }
}
