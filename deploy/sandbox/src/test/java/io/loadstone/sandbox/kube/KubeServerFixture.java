package io.loadstone.sandbox.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * A started API server on its own Vert.x and a fabric8 client on another (as a remote client would be), for a test
 * class's lifetime; {@link #close} stops client, server and both Vert.x instances.
 */
record KubeServerFixture(Vertx serverVertx, Vertx clientVertx, KubeApiServer server, KubernetesClient client) {

  static KubeServerFixture start(KubeServerOptions options) throws Exception {
    Vertx serverVertx = Vertx.vertx();
    Vertx clientVertx = Vertx.vertx();
    KubeApiServer server = KubeTestSupport.start(serverVertx, options);
    return new KubeServerFixture(serverVertx, clientVertx, server, KubeTestSupport.client(clientVertx, server.url()));
  }

  void close() throws Exception {
    client.close();
    server.close().await(5, TimeUnit.SECONDS);
    clientVertx.close().await(5, TimeUnit.SECONDS);
    serverVertx.close().await(5, TimeUnit.SECONDS);
  }
}
