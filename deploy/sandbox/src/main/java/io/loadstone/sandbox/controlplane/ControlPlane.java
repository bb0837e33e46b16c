package io.loadstone.sandbox.controlplane;

import io.loadstone.sandbox.SandboxSecrets;
import io.loadstone.sandbox.config.SandboxConfig;
import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.truth.GroundTruth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Random;

/**
 * A StreamSpace v2 control plane in one verticle, behaving like the platform's code (contract sections 1 and 2): the
 * REST API under {@code /api/v1} (JWT auth, sessions, templates, admin agents), agent registration and the agent
 * WebSocket hub with its command dispatcher and reconciler, the VNC proxy, and the sandbox's own
 * {@code /sandbox/v1} API (ground truth, faults, command records).
 *
 * <p>It binds {@code config.host():config.port()} (port 0 = any free port) and uses only {@code config.timings()} for
 * its clocks, so tests run the same logic with millisecond timings. Every injected fault and every session/agent fact
 * it sees is written to the given {@link GroundTruth}. {@link #close()} closes agent and VNC WebSockets, timers and
 * the server.
 *
 * <pre>
 * ControlPlane cp = ControlPlane.start(vertx, config, secrets, faults, truth, new Random(seed)).await();
 * // agents register at cp.url() + "/api/v1/agents/register" ...
 * cp.close().await();
 * </pre>
 */
public final class ControlPlane {
  private final Vertx vertx;
  private final String deploymentId;
  private final String host;
  private final int port;

  private ControlPlane(Vertx vertx, String deploymentId, String host, int port) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.host = host;
    this.port = port;
  }

  public static Future<ControlPlane> start(Vertx vertx, SandboxConfig config, SandboxSecrets secrets, Faults faults,
                                           GroundTruth truth, Random random) {
    ControlPlaneVerticle verticle = new ControlPlaneVerticle(config, secrets, faults, truth, random);
    return vertx.deployVerticle(verticle)
        .map(id -> new ControlPlane(vertx, id, config.host(), verticle.port()));
  }

  public int port() {
    return port;
  }

  /** {@code http://<host>:<port>} */
  public String url() {
    return "http://" + host + ":" + port;
  }

  public Future<Void> close() {
    return vertx.undeploy(deploymentId);
  }
}
