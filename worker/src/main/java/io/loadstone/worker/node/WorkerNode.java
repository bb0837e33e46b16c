package io.loadstone.worker.node;

import io.loadstone.common.Addresses;
import io.loadstone.common.message.RunOffer;
import io.loadstone.common.message.RunSpec;
import io.loadstone.common.message.WorkerHello;
import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.PlanLoader;
import io.loadstone.worker.TargetEndpoints;
import io.loadstone.worker.WorkerVerticle;
import io.loadstone.worker.kube.KubeTarget;
import io.loadstone.worker.platform.PlatformTarget;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker node of a cluster: listens for {@link RunOffer}s, joins one run at a time with its capacity, runs that
 * run's sessions in a {@link WorkerVerticle}, and goes back to listening when the run needs it no more.
 * <p>
 * {@link #drain()} (SIGTERM) stops listening and hands every session not being deleted back to the orchestrator;
 * {@link #nodeLeft(String)} (the cluster's member listener, on this verticle's context) notices the orchestrator's
 * loss and terminates the sessions this node owns, unless it was told to keep them.
 */
public final class WorkerNode extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);
  /** Sessions at once when nobody says otherwise (the {@code worker} command's and the local workers' default). */
  public static final int DEFAULT_CAPACITY = 100;

  /**
   * @param name          the worker's name in reports (unique in the cluster)
   * @param clusterNode   this JVM's cluster node id
   * @param capacity      sessions at once
   * @param keepSessions  on the orchestrator's loss, leave its sessions running instead of terminating them
   */
  public record Settings(String name, String clusterNode, int capacity, boolean keepSessions) {
    public Settings {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(clusterNode, "clusterNode");
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity: expected >= 1, got " + capacity);
      }
    }
  }

  private final Settings settings;
  private final Promise<Void> drained = Promise.promise();
  private MessageConsumer<RunOffer> offers;
  private RunOffer joining;
  private RunSpec current;
  private WorkerVerticle worker;
  private String deployment;
  private boolean draining;
  private int runsJoined;

  public WorkerNode(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public Future<?> start() {
    offers = vertx.eventBus().consumer(Addresses.RUNS, m -> onOffer(m.body()));
    LOG.info("worker {} ready: {} sessions at a time, waiting for a run", settings.name(), settings.capacity());
    return offers.completion();
  }

  @Override
  public Future<?> stop() {
    return offers.unregister();
  }

  /** Runs joined so far. */
  public int runsJoined() {
    return runsJoined;
  }

  /** The run this node works for now, or null. */
  public String currentRun() {
    return current == null ? null : current.run().value();
  }

  /**
   * Takes no new run or job; hands the sessions under way back to their orchestrator (acknowledged), letting
   * those being deleted finish. Completes when nothing is left under way.
   */
  public Future<Void> drain() {
    if (!draining) {
      draining = true;
      offers.unregister();
      if (worker == null) {
        drained.tryComplete();
      } else {
        worker.drain();
      }
    }
    return drained.future();
  }

  /** A cluster member left (call on this verticle's context). */
  public void nodeLeft(String clusterNode) {
    if (current != null && current.orchestratorNode().equals(clusterNode) && worker != null) {
      LOG.warn("worker {}: the orchestrator of run {} left the cluster", settings.name(), current.run());
      worker.orchestratorLost(settings.keepSessions());
    }
  }

  private void onOffer(RunOffer offer) {
    if (draining || joining != null || current != null) {
      return;
    }
    joining = offer;
    WorkerHello hello = new WorkerHello(offer.run(), settings.name(), settings.clusterNode(), settings.capacity());
    vertx.eventBus().<RunSpec>request(Addresses.join(offer.run()), hello, new DeliveryOptions().setSendTimeout(10_000))
        .compose(reply -> startRun(reply.body()))
        .onFailure(cause -> {
          LOG.warn("worker {}: could not join run {}: {}", settings.name(), offer.run(), cause.getMessage());
          current = null;
        })
        .onComplete(ar -> joining = null);
  }

  private Future<Void> startRun(RunSpec spec) {
    Plan plan = PlanLoader.parse(spec.planSource(), spec.planYaml());
    PlatformTarget platform;
    KubeTarget kube;
    if (spec.sandbox()) {
      // the embedded sandbox gives the plan's other users the admin password
      platform = PlatformTarget.of(spec.api(), spec.username(), spec.password()).withUsersPassword(spec.password());
      kube = KubeTarget.master(spec.kubernetes(), spec.namespace());
    } else {
      // the plan's target, resolved on THIS host: the secret never crossed the bus
      TargetEndpoints endpoints = TargetEndpoints.of(plan.target());
      platform = endpoints.platform();
      kube = endpoints.kube();
    }
    platform = platform.sizedFor(settings.capacity());
    current = spec;
    runsJoined++;
    worker = new WorkerVerticle(new WorkerVerticle.Settings(spec.run(), settings.name(), plan, platform, kube,
        settings.capacity()));
    LOG.info("worker {} joined run {} ({})", settings.name(), spec.run(), spec.planSource());
    WorkerVerticle started = worker;
    return vertx.deployVerticle(started).onSuccess(id -> {
      deployment = id;
      started.done().onComplete(v -> finishRun(started));
    }).onFailure(cause -> {
      LOG.error("worker {}: run {} could not start here: {}", settings.name(), spec.run(), cause.getMessage());
      worker = null;
      current = null;
      if (draining) {
        drained.tryComplete();
      }
    }).mapEmpty();
  }

  private void finishRun(WorkerVerticle finished) {
    String id = deployment;
    LOG.info("worker {}: done with run {}", settings.name(), current == null ? "?" : current.run());
    Future<Void> undeploy = id == null ? Future.succeededFuture() : vertx.undeploy(id);
    undeploy.onComplete(ar -> {
      if (worker == finished) {
        worker = null;
        current = null;
        deployment = null;
      }
      if (draining) {
        drained.tryComplete();
      }
    });
  }
}
