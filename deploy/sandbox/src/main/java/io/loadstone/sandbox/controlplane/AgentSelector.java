package io.loadstone.sandbox.controlplane;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The platform's agent choice for a new session: agents {@code online}, connected, on the platform's platform and
 * with a heartbeat within the selection window; the one with fewest sessions in {@code running|hibernated|pending}
 * wins, ties going to the most recent heartbeat. {@code maxSessions} is not checked, as in the platform.
 */
final class AgentSelector {
  /** no agent qualifies; the message is the platform's reason */
  static final class NoAgentAvailable extends Exception {
    NoAgentAvailable(String message) {
      super(message, null, false, false);
    }
  }

  private final AgentRegistry registry;
  private final AgentLink link;
  private final SessionStore sessions;
  private final long windowNanos;

  AgentSelector(AgentRegistry registry, AgentLink link, SessionStore sessions, Duration selectionWindow) {
    this.registry = registry;
    this.link = link;
    this.sessions = sessions;
    this.windowNanos = selectionWindow.toNanos();
  }

  Agent select() throws NoAgentAvailable {
    long now = System.nanoTime();
    List<Agent> online = new ArrayList<>();
    for (Agent a : registry.all()) {
      if ("online".equals(a.status) && a.lastHeartbeat != null && now - a.lastHeartbeatNanos <= windowNanos) {
        online.add(a);
      }
    }
    if (online.isEmpty()) {
      throw new NoAgentAvailable("no online agents available");
    }
    // most recent heartbeat first, so the strict "fewer" below leaves ties to the freshest agent
    online.sort(Comparator.comparingLong((Agent a) -> a.lastHeartbeatNanos).reversed());
    Agent best = null;
    int bestLoad = Integer.MAX_VALUE;
    for (Agent a : online) {
      if (!link.connected(a.agentId) || !"kubernetes".equals(a.platform)) {
        continue;
      }
      int load = sessions.loadOf(a.agentId);
      if (load < bestLoad) {
        best = a;
        bestLoad = load;
      }
    }
    if (best == null) {
      throw new NoAgentAvailable("no agents match selection criteria");
    }
    return best;
  }
}
