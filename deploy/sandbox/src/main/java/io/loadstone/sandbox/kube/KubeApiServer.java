package io.loadstone.sandbox.kube;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.DeploymentOptions;

/**
 * The sandbox's Kubernetes API server: a real HTTP API that the unchanged fabric8 client (or kubectl) uses, serving
 * pods, services, persistentvolumeclaims, events, configmaps, secrets ({@code v1}), deployments and replicasets
 * ({@code apps/v1}) and the {@code stream.space/v1alpha1} {@code Session} custom resource, in every namespace.
 * <p>
 * It behaves like a real API server where clients can tell: resource versions, optimistic concurrency, status
 * and scale subresources, generation, finalizers and foreground deletion, graceful pod deletion, JSON / merge /
 * (simplified) strategic-merge / (simplified) server-side-apply patches, label and field selectors, and watches
 * over WebSocket or HTTP streaming that resume from a resource version (410 Gone when too old). It runs no
 * controllers: nothing creates pods for a Deployment unless the sandbox's pod simulator does.
 * <p>
 * All state lives on one event loop (the server's verticle); {@link #addListener} callbacks run there, after each
 * commit, in commit order. Usage: {@code KubeApiServer.start(vertx, "127.0.0.1", 0)}, then point a client at
 * {@link #url()}; {@link #close()} when done.
 */
public final class KubeApiServer {

  private final Vertx vertx;
  private final String deploymentId;
  private final KubeApiVerticle verticle;
  private final Context context;
  private final String host;
  private Future<Void> closing;

  private KubeApiServer(Vertx vertx, String deploymentId, KubeApiVerticle verticle, Context context, String host) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.verticle = verticle;
    this.context = context;
    this.host = host;
  }

  /** Starts a server on {@code host}:{@code port} (port 0 = any free port). */
  public static Future<KubeApiServer> start(Vertx vertx, String host, int port) {
    return start(vertx, host, port, KubeServerOptions.defaults());
  }

  static Future<KubeApiServer> start(Vertx vertx, String host, int port, KubeServerOptions options) {
    KubeApiVerticle verticle = new KubeApiVerticle(host, port, options);
    return vertx.deployVerticle(verticle, new DeploymentOptions())
        .map(id -> new KubeApiServer(vertx, id, verticle, verticle.serverContext(), host));
  }

  public int port() {
    return verticle.actualPort();
  }

  /** The base URL for clients, e.g. {@code http://127.0.0.1:40123}. */
  public String url() {
    String urlHost = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    return "http://" + urlHost + ":" + port();
  }

  /** Called synchronously on the server's context after every committed change, in commit order, before watchers. */
  public void addListener(KubeChangeListener listener) {
    verticle.store().addListener(listener);
  }

  /** Watches currently open (WebSocket or HTTP streaming). */
  public int openWatches() {
    return verticle.hub().openCount();
  }

  /** TCP connections currently open to the server. */
  int openConnections() {
    return verticle.openConnections();
  }

  /** How many watches were refused with 410 Gone because their resource version was too old. */
  long goneAnswers() {
    return verticle.watches().goneAnswers();
  }

  /** Ends every open watch from the server side, as an API server restart would; clients re-watch. */
  Future<Void> dropWatches() {
    return onContext(() -> verticle.hub().closeAll("dropped"));
  }

  /** Forgets the whole event history, as an etcd compaction would: older resource versions now get 410. */
  Future<Void> compactHistory() {
    return onContext(() -> verticle.store().history().compact());
  }

  /** Closes every watch connection, then the server. Idempotent; never blocks the caller. */
  public synchronized Future<Void> close() {
    if (closing == null) {
      closing = vertx.undeploy(deploymentId);
    }
    return closing;
  }

  private Future<Void> onContext(Runnable action) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      action.run();
      done.complete();
    });
    return done.future();
  }
}
