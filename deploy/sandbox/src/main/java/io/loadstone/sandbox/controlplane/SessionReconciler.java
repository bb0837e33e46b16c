package io.loadstone.sandbox.controlplane;

import io.loadstone.sandbox.config.Timings;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's session reconciler, run every {@code reconcilerInterval} (and once at start). A session is stuck
 * when its row has not changed for {@code terminatingResendAfter}:
 * <ul>
 *   <li>{@code terminating}: its agent connected -> {@code stop_session} sent again (every round while stuck);
 *       agent away and unchanged for {@code terminatingGiveUpAfter} -> {@code terminated}, reason
 *       {@code agent_unavailable};</li>
 *   <li>{@code pending}: agent away and unchanged for {@code pendingFailAfter} -> {@code failed}; with its agent
 *       connected it is never retried.</li>
 * </ul>
 * These are the only places a session becomes {@code terminated} or {@code failed}.
 */
final class SessionReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(SessionReconciler.class);

  private final SessionStore sessions;
  private final AgentLink agents;
  private final SessionCommands commands;
  private final Ids ids;
  private final Timings timings;

  SessionReconciler(SessionStore sessions, AgentLink agents, SessionCommands commands, Ids ids, Timings timings) {
    this.sessions = sessions;
    this.agents = agents;
    this.commands = commands;
    this.ids = ids;
    this.timings = timings;
  }

  void reconcile() {
    long now = System.nanoTime();
    long stuckNanos = timings.terminatingResendAfter().toNanos();
    for (Session s : List.copyOf(sessions.all())) {
      long stuckFor = now - s.updatedNanos;
      if (stuckFor <= stuckNanos) {
        continue;
      }
      if (s.state == Session.State.TERMINATING) {
        terminating(s, stuckFor);
      } else if (s.state == Session.State.PENDING) {
        pending(s, stuckFor);
      }
    }
  }

  private void terminating(Session s, long stuckFor) {
    if (agents.connected(s.agentId)) {
      LOG.info("session {} stuck terminating for {} ms: retrying stop_session on agent {}", s.name, stuckFor / 1_000_000, s.agentId);
      JsonObject payload = new JsonObject().put("sessionId", s.name).put("deletePVC", false);
      // the reconciler names its commands with a whole UUID, unlike the API handlers
      Command command = commands.create(s.agentId, s.name, "stop_session", payload, "cmd-" + ids.uuid());
      if (!commands.dispatch(command)) {
        LOG.warn("session {}: retry of stop_session refused, command queue full", s.name);
      }
    } else if (stuckFor > timings.terminatingGiveUpAfter().toNanos()) {
      LOG.warn("session {} force-terminated (agent {} gone, stuck for {} ms); Kubernetes objects may remain", s.name,
          s.agentId, stuckFor / 1_000_000);
      s.setState(Session.State.TERMINATED);
      s.terminationReason = "agent_unavailable";
    }
  }

  private void pending(Session s, long stuckFor) {
    if (agents.connected(s.agentId)) {
      LOG.debug("session {} stuck pending for {} ms with agent {} connected: not retried", s.name, stuckFor / 1_000_000, s.agentId);
    } else if (stuckFor > timings.pendingFailAfter().toNanos()) {
      LOG.warn("session {} marked failed (agent {} gone, pending for {} ms)", s.name, s.agentId, stuckFor / 1_000_000);
      s.setState(Session.State.FAILED);
      s.terminationReason = "agent_unavailable";
    }
  }
}
