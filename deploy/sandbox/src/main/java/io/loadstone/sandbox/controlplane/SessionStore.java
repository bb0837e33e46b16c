package io.loadstone.sandbox.controlplane;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The control plane's sessions, confined to its event loop. Rows are never removed, as in the platform. */
final class SessionStore {
  private final Map<String, Session> sessions = new LinkedHashMap<>();

  void add(Session session) {
    sessions.put(session.name, session);
  }

  Optional<Session> find(String name) {
    return Optional.ofNullable(sessions.get(name));
  }

  Collection<Session> all() {
    return sessions.values();
  }

  /** newest first, as the platform orders its listing; {@code user} null = everyone's */
  List<Session> list(String user) {
    List<Session> out = new ArrayList<>();
    for (Session s : sessions.values()) {
      if (user == null || user.isEmpty() || s.user.equals(user)) {
        out.add(s);
      }
    }
    // inserting each at the front would cost a shift of the whole list per session
    Collections.reverse(out);
    return out;
  }

  long liveFor(String user) {
    return sessions.values().stream().filter(s -> s.user.equals(user) && s.state.live()).count();
  }

  /** sessions in running|hibernated|pending on that agent: its load for agent selection */
  int loadOf(String agentId) {
    return (int) sessions.values().stream().filter(s -> agentId.equals(s.agentId) && s.state.load()).count();
  }
}
