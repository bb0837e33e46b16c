package io.loadstone.worker.lifecycle;

import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.plan.Plan;
import io.loadstone.worker.kube.KubeIndex;
import io.loadstone.worker.platform.PlatformClient;
import io.loadstone.worker.platform.SessionStates;
import io.loadstone.worker.vnc.RfbClient;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What every session lifecycle of one worker shares: the worker's single platform client, Kubernetes observers,
 * API-state follower and VNC client, the plan, and where phase events go.
 *
 * @param node      the worker's node name, stamped on every event
 * @param publish   receives each phase event once, as it happens
 * @param peers     the worker's other live sessions (routing of facts, pod IPs)
 */
public record LifecycleServices(Vertx vertx, String node, Plan plan, PlatformClient platform, KubeIndex kube,
                                SessionStates states, RfbClient vnc, Consumer<PhaseEvent> publish, Peers peers) {

  /** The worker's live sessions, as a lifecycle needs them. */
  public interface Peers {
    /** The create was answered: from now on the session's facts and state changes go to {@code lifecycle}. */
    void created(SessionLifecycle lifecycle);

    /** Another live session (platform id) whose pod has {@code ip}, other than {@code self}. */
    Optional<String> podIpOwnerOtherThan(String ip, String self);
  }
}
