package io.loadstone.sandbox;

import io.loadstone.sandbox.agent.AgentSettings;
import io.loadstone.sandbox.agent.SandboxAgent;
import io.loadstone.sandbox.config.SandboxConfig;
import io.loadstone.sandbox.controlplane.ControlPlane;
import io.loadstone.sandbox.fault.Faults;
import io.loadstone.sandbox.kube.KubeApiServer;
import io.loadstone.sandbox.pods.PodSimulator;
import io.loadstone.sandbox.truth.GroundTruth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A StreamSpace v2 platform in one process: Kubernetes API server, pod simulator, control plane and N agents,
 * each talking to the others over real loopback HTTP/WebSocket/TCP as the real components do. Used standalone
 * by {@code loadstone sandbox} and embedded by {@code loadstone run} and the tests.
 * <pre>
 * Sandbox sandbox = Sandbox.start(vertx, config).await();   // await only in main/tests
 * SandboxEndpoints where = sandbox.endpoints();
 * ...
 * sandbox.close();
 * </pre>
 * Start fails as a whole: whatever had started is closed again before the failure is reported.
 */
public final class Sandbox {
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

  private final SandboxConfig config;
  private final SandboxSecrets secrets;
  private final Faults faults;
  private final GroundTruth truth;
  private final long seed;
  private KubeApiServer kube;
  private PodSimulator simulator;
  private ControlPlane controlPlane;
  private final List<SandboxAgent> agents = new ArrayList<>();

  private Sandbox(SandboxConfig config, long seed) {
    this.config = config;
    this.seed = seed;
    this.secrets = SandboxSecrets.generate(config.adminPassword(), config.agents());
    this.truth = new GroundTruth();
    this.faults = new Faults(truth, seed, config.faults(), config.redeliverCommands());
  }

  public static Future<Sandbox> start(Vertx vertx, SandboxConfig config) {
    try {
      // a config changed after it was read (withAgents) may name an agent that is no longer there
      for (int i = 0; i < config.faults().size(); i++) {
        config.faults().get(i).requireKnownAgent("faults[" + i + "]", config.agents());
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    long seed = config.seed() != null ? config.seed() : new SecureRandom().nextLong();
    Sandbox sandbox = new Sandbox(config, seed);
    return sandbox.startAll(vertx)
        .map(v -> sandbox)
        .recover(failure -> sandbox.close().transform(ignored -> Future.failedFuture(failure)));
  }

  private Future<Void> startAll(Vertx vertx) {
    return KubeApiServer.start(vertx, config.host(), config.kubePort())
        .compose(k -> {
          kube = k;
          kube.addListener(new TruthRecorder(truth));
          return PodSimulator.start(vertx, kube.url(), config.namespace(), config.pods(), faults, new Random(seed ^ 0x5EED_0001L));
        })
        .compose(s -> {
          simulator = s;
          return ControlPlane.start(vertx, config, secrets, faults, truth, new Random(seed ^ 0x5EED_0002L));
        })
        .compose(cp -> {
          controlPlane = cp;
          List<Future<SandboxAgent>> started = new ArrayList<>();
          for (Map.Entry<String, String> agent : secrets.agentKeys().entrySet()) {
            AgentSettings settings = new AgentSettings(agent.getKey(), agent.getValue(), cp.url(), kube.url(),
                config.namespace(), config.region(), config.timings());
            started.add(SandboxAgent.start(vertx, settings, faults, truth, simulator.network()).onSuccess(a -> {
              synchronized (agents) {
                agents.add(a);
              }
            }));
          }
          return Future.all(started);
        })
        .onSuccess(v -> LOG.info("Sandbox up: control plane {}, Kubernetes API {}, namespace {}, agents {}",
            controlPlane.url(), kube.url(), config.namespace(), secrets.agentKeys().keySet()))
        .mapEmpty();
  }

  public SandboxEndpoints endpoints() {
    return new SandboxEndpoints(controlPlane.url(), kube.url(), config.namespace(), "admin", secrets.adminPassword(),
        List.copyOf(secrets.agentKeys().keySet()));
  }

  public SandboxConfig config() {
    return config;
  }

  public Faults faults() {
    return faults;
  }

  public GroundTruth truth() {
    return truth;
  }

  /** The seed of every random draw of this start; a config with this seed repeats the same delays. */
  public long seed() {
    return seed;
  }

  /** Stops agents first (so nothing writes to a closing server), then the control plane, simulator and API. */
  public Future<Void> close() {
    List<SandboxAgent> toClose;
    synchronized (agents) {
      toClose = List.copyOf(agents);
      agents.clear();
    }
    return Future.join(toClose.stream().map(SandboxAgent::close).toList())
        .transform(v -> controlPlane == null ? Future.succeededFuture() : controlPlane.close())
        .transform(v -> simulator == null ? Future.succeededFuture() : simulator.close())
        .transform(v -> kube == null ? Future.succeededFuture() : kube.close())
        .mapEmpty();
  }
}
