package io.loadstone.orchestrator.agents;

/**
 * One outage of one agent: from its start to the poll that listed it offline and, if it came back, to the poll that
 * listed it online again. Every time is this JVM's {@code System.nanoTime()}; -1 is "not observed".
 *
 * @param startNanos          the {@link Disruption} that provoked it, else the last poll that saw the agent online
 *                            (-1 when it was already offline when first seen)
 * @param startCause          the disruption's name, or {@code last seen online}
 * @param offlineNanos        the first poll that listed it offline
 * @param reconnectedNanos    the first sign it was connected again: its lastHeartbeat advanced while listed offline,
 *                            or it was listed online again
 * @param onlineNanos         the first poll that listed it online again, -1 if it never was
 * @param kind                why it went offline, as far as the heartbeats tell
 * @param heartbeatAgeMillis  the platform's own view at the offline poll: {@code updatedAt - lastHeartbeat} (its
 *                            clock on both sides), NaN when it does not give both
 * @param silenceMillis       on the observer's clock, from the poll that first saw the last heartbeat value to the
 *                            offline poll
 * @param heartbeatsWhileOffline lastHeartbeat advances seen while it was listed offline
 * @param lastHeartbeatWhileOffline the last such value as the platform sent it, or null
 * @param heartbeatIntervalMillis the agent's heartbeat interval as estimated when it went offline, NaN if unknown
 */
public record Outage(String agentId, long startNanos, String startCause, long offlineNanos, long reconnectedNanos,
                     long onlineNanos, Kind kind, double heartbeatAgeMillis, double silenceMillis,
                     int heartbeatsWhileOffline, String lastHeartbeatWhileOffline, double heartbeatIntervalMillis) {
  /** The cause as the heartbeats show it. */
  public enum Kind {
    /** heartbeats had stopped for longer than the agent's usual interval before it was listed offline */
    HEARTBEAT_TIMEOUT("heartbeat-timeout"),
    /** listed offline with a fresh heartbeat: the connection went */
    DISCONNECT("disconnect"),
    /** not enough heartbeats seen to tell */
    UNKNOWN("unknown");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /** Outage start to offline detected, in ms; NaN when the start is not known. */
  public double detectMillis() {
    return startNanos < 0 ? Double.NaN : (offlineNanos - startNanos) / 1e6;
  }

  /** Outage start to online again, in ms; NaN when it never came back or the start is not known. */
  public double reconnectMillis() {
    return startNanos < 0 || onlineNanos < 0 ? Double.NaN : (onlineNanos - startNanos) / 1e6;
  }

  /** True while (or if, at the end) it was not listed online again. */
  public boolean open() {
    return onlineNanos < 0;
  }

  /** True when the agent was listed offline at {@code nanos} (from the offline poll to the online-again poll). */
  public boolean offlineAt(long nanos) {
    return nanos >= offlineNanos && (onlineNanos < 0 || nanos < onlineNanos);
  }
}
