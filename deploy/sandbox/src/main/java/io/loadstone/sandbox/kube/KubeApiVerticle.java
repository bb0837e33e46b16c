package io.loadstone.sandbox.kube;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server as one verticle: one event loop owns the store, the watches and the HTTP server, so the store
 * needs no locks and commits are totally ordered.
 */
final class KubeApiVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(KubeApiVerticle.class);

  private final String host;
  private final int port;
  private final KubeServerOptions options;
  private final KubeStore store;
  private final WatchHub hub = new WatchHub();
  private final AtomicInteger connections = new AtomicInteger();
  private WatchOpener watches;
  private HttpServer server;
  private volatile int actualPort;

  KubeApiVerticle(String host, int port, KubeServerOptions options) {
    this.host = host;
    this.port = port;
    this.options = options;
    // Created here, not in start(), so listeners can be added from any thread as soon as the verticle exists.
    this.store = new KubeStore(options.historyEvents());
  }

  @Override
  public Future<?> start() {
    store.onCommit(hub::dispatch);
    SecureRandom random = new SecureRandom();
    KubeOperations operations = new KubeOperations(store, new ObjectDefaults(new ClusterIpAllocator(random)), random);
    watches = new WatchOpener(vertx, store, hub, options);
    KubeRequestHandler handler = new KubeRequestHandler(operations, watches, options.maxBodyBytes());
    server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
        .setMaxInitialLineLength(64 * 1024).setMaxHeaderSize(64 * 1024).setWebSocketClosingTimeout(2));
    server.connectionHandler(connection -> {
      connections.incrementAndGet();
      connection.closeHandler(v -> connections.decrementAndGet());
    });
    server.requestHandler(handler);
    return server.listen().onSuccess(s -> {
      actualPort = s.actualPort();
      log.info("kube API server listening on {}:{}", host, actualPort);
    });
  }

  @Override
  public Future<?> stop() {
    // Watches first, so their clients see a clean end of stream rather than a reset.
    hub.closeAll("server closing");
    return server == null ? Future.succeededFuture() : server.close();
  }

  Context serverContext() {
    return context;
  }

  int actualPort() {
    return actualPort;
  }

  KubeStore store() {
    return store;
  }

  WatchHub hub() {
    return hub;
  }

  WatchOpener watches() {
    return watches;
  }

  int openConnections() {
    return connections.get();
  }
}
