package io.loadstone.orchestrator.agents;

import io.loadstone.worker.platform.AgentView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * One agent's timeline as the polls reveal it: status changes, outages with their start, detection and return, and
 * the {@code lastHeartbeat} advances that prove it connected (or not). Not thread-safe: its {@link AgentWatch}
 * guards it.
 */
final class AgentTimeline {
  private static final String ONLINE = "online";
  private static final String OFFLINE = "offline";

  private final String agentId;
  private final long pollMillis;
  private final List<AgentEvent> events = new ArrayList<>();
  private final List<Outage> outages = new ArrayList<>();
  private String status;
  private Integer maxSessions;
  private String heartbeatText;
  private Instant heartbeat;
  private long advances;
  private long lastAdvanceNanos = -1;
  private long heartbeatSeenNanos = -1;
  private long minStepMillis = Long.MAX_VALUE;
  private boolean registrationStamp;
  private long lastOnlineNanos = -1;
  private OpenOutage open;

  /** An outage not yet over; becomes an {@link Outage}. */
  private static final class OpenOutage {
    long start;
    String cause;
    long offline;
    long reconnected = -1;
    Outage.Kind kind;
    double age;
    double silence;
    int heartbeats;
    String lastHeartbeat;
    double interval;

    Outage toOutage(String agentId, long online) {
      return new Outage(agentId, start, cause, offline, reconnected, online, kind, age, silence, heartbeats,
          lastHeartbeat, interval);
    }
  }

  /**
   * Shortest heartbeat step seen on any agent: the agents of one platform share their heartbeat interval, so an agent
   * that stalled before its own second heartbeat (30 s apart on the real platform) is still judged against it.
   */
  static final class FleetCadence {
    private long minStepMillis = Long.MAX_VALUE;

    void seen(long stepMillis) {
      minStepMillis = Math.min(minStepMillis, stepMillis);
    }
  }

  private final FleetCadence fleet;

  AgentTimeline(String agentId, long pollMillis, FleetCadence fleet) {
    this.agentId = agentId;
    this.pollMillis = pollMillis;
    this.fleet = fleet;
  }

  /** Its own shortest heartbeat step, else the fleet's; Long.MAX_VALUE when none was seen. */
  private long stepMillis() {
    return minStepMillis != Long.MAX_VALUE ? minStepMillis : fleet.minStepMillis;
  }

  String status() {
    return status;
  }

  /**
   * One poll's row. {@code disruption} finds the latest declared disruption of this agent at or before a time and
   * after another (or null). Returns the status change, or null.
   */
  AgentTransition observe(AgentView row, long nanos, Instant at, BiFunction<Long, Long, Disruption> disruption) {
    String previous = status;
    boolean advanced = heartbeat(row, nanos);
    maxSessions = row.maxSessions() != null ? row.maxSessions() : maxSessions;
    String now = row.status() == null ? "unknown" : row.status();
    if (advanced && open != null && OFFLINE.equals(now)) {
      open.heartbeats++;
      open.lastHeartbeat = heartbeatText;
      if (open.reconnected < 0) {
        open.reconnected = nanos;
        events.add(new AgentEvent(agentId, AgentEvent.Kind.RECONNECTED, nanos, at,
            "lastHeartbeat advanced to " + heartbeatText + " while listed offline"));
      }
    }
    if (now.equals(previous)) {
      if (ONLINE.equals(now)) {
        lastOnlineNanos = nanos;
      }
      return null;
    }
    status = now;
    if (previous == null) {
      events.add(new AgentEvent(agentId, AgentEvent.Kind.FIRST_SEEN, nanos, at, "listed " + now + heartbeatDetail()));
    }
    if (ONLINE.equals(now)) {
      if (open != null) {
        if (open.reconnected < 0) {
          open.reconnected = nanos;
        }
        outages.add(open.toOutage(agentId, nanos));
        events.add(new AgentEvent(agentId, AgentEvent.Kind.ONLINE_AGAIN, nanos, at,
            "after " + millis((nanos - open.offline) / 1e6) + " listed offline" + heartbeatDetail()));
        open = null;
      } else if (previous != null) {
        events.add(new AgentEvent(agentId, AgentEvent.Kind.STATUS, nanos, at, "listed online" + heartbeatDetail()));
      }
      lastOnlineNanos = nanos;
    } else if (OFFLINE.equals(now)) {
      offline(row, previous, nanos, at, disruption);
    } else if (previous != null) {
      events.add(new AgentEvent(agentId, AgentEvent.Kind.STATUS, nanos, at, "listed " + now));
    }
    return new AgentTransition(agentId, previous, now, nanos, at);
  }

  /**
   * A disruption declared after the poll that already saw its outage (the step's call came late): the outage that
   * began after the previous one ended and was not provoked by another step counts from it.
   */
  void attribute(Disruption d) {
    if (open != null && open.offline >= d.nanos() && !provoked(open.cause)
        && (outages.isEmpty() || outages.get(outages.size() - 1).onlineNanos() < d.nanos())) {
      open.start = d.nanos();
      open.cause = d.what();
      return;
    }
    for (int i = outages.size() - 1; i >= 0; i--) {
      Outage o = outages.get(i);
      boolean afterPrevious = i == 0 || outages.get(i - 1).onlineNanos() < d.nanos();
      if (o.offlineNanos() >= d.nanos() && !provoked(o.startCause()) && afterPrevious) {
        outages.set(i, new Outage(o.agentId(), d.nanos(), d.what(), o.offlineNanos(), o.reconnectedNanos(),
            o.onlineNanos(), o.kind(), o.heartbeatAgeMillis(), o.silenceMillis(), o.heartbeatsWhileOffline(),
            o.lastHeartbeatWhileOffline(), o.heartbeatIntervalMillis()));
        return;
      }
    }
  }

  private static boolean provoked(String cause) {
    return !"last seen online".equals(cause) && !"already offline when first seen".equals(cause);
  }

  /** The agent is no longer listed. */
  AgentTransition absent(long nanos, Instant at) {
    String previous = status;
    if (previous == null || AgentTransition.ABSENT.equals(previous)) {
      return null;
    }
    status = AgentTransition.ABSENT;
    events.add(new AgentEvent(agentId, AgentEvent.Kind.ABSENT, nanos, at, "was " + previous));
    return new AgentTransition(agentId, previous, AgentTransition.ABSENT, nanos, at);
  }

  private void offline(AgentView row, String previous, long nanos, Instant at,
                       BiFunction<Long, Long, Disruption> disruption) {
    OpenOutage o = new OpenOutage();
    o.offline = nanos;
    long after = outages.isEmpty() ? Long.MIN_VALUE : outages.get(outages.size() - 1).onlineNanos();
    Disruption provoked = disruption.apply(after, nanos);
    if (provoked != null) {
      o.start = provoked.nanos();
      o.cause = provoked.what();
    } else {
      o.start = previous == null ? -1 : lastOnlineNanos;
      o.cause = previous == null ? "already offline when first seen" : "last seen online";
    }
    o.age = row.updatedAt() != null && row.lastHeartbeat() != null && !row.updatedAt().isBefore(row.lastHeartbeat())
        ? Duration.between(row.lastHeartbeat(), row.updatedAt()).toNanos() / 1e6 : Double.NaN;
    o.silence = heartbeatSeenNanos < 0 ? Double.NaN : (nanos - heartbeatSeenNanos) / 1e6;
    o.kind = classify(o.age, o.silence);
    o.interval = stepMillis() == Long.MAX_VALUE ? Double.NaN : stepMillis();
    open = o;
    if (previous != null) {
      String detail = o.kind.id() + ": " + (Double.isNaN(o.age) ? "" : "heartbeat " + millis(o.age)
          + " old by the platform's updatedAt, ") + (Double.isNaN(o.silence) ? "no heartbeat seen"
          : "last heartbeat value first seen " + millis(o.silence) + " before") + typicalDetail()
          + (provoked != null ? "; provoked by " + provoked.what() : "");
      events.add(new AgentEvent(agentId, AgentEvent.Kind.OFFLINE, nanos, at, detail));
    }
  }

  /**
   * A disconnect is listed offline with the heartbeat at most one interval old; a stall only after the stale limit
   * (several intervals). The platform's own {@code updatedAt - lastHeartbeat} decides when it gives both (no clock
   * skew); else the observer's silence, allowing a poll or two of observation lag.
   */
  private Outage.Kind classify(double ageMillis, double silenceMillis) {
    if (stepMillis() == Long.MAX_VALUE) {
      return Outage.Kind.UNKNOWN;
    }
    double interval = stepMillis();
    if (!Double.isNaN(ageMillis)) {
      return ageMillis > interval * 1.25 + 1 ? Outage.Kind.HEARTBEAT_TIMEOUT : Outage.Kind.DISCONNECT;
    }
    if (Double.isNaN(silenceMillis)) {
      return Outage.Kind.UNKNOWN;
    }
    return silenceMillis > interval + 2 * pollMillis ? Outage.Kind.HEARTBEAT_TIMEOUT : Outage.Kind.DISCONNECT;
  }

  /** True if lastHeartbeat changed since the last poll. */
  private boolean heartbeat(AgentView row, long nanos) {
    String text = row.lastHeartbeatText();
    if (text == null || text.equals(heartbeatText)) {
      return false;
    }
    boolean first = heartbeatText == null;
    boolean fromRegistration = registrationStamp;
    // coming online, the value is the registration's stamp: the agent's next heartbeat follows it by any amount (7 ms
    // once in a test), so that step says nothing of the cadence
    registrationStamp = status != null && !ONLINE.equals(status) && ONLINE.equals(row.status());
    if (!first && !fromRegistration && heartbeat != null && row.lastHeartbeat() != null
        && row.lastHeartbeat().isAfter(heartbeat)) {
      long step = Duration.between(heartbeat, row.lastHeartbeat()).toMillis();
      minStepMillis = Math.min(minStepMillis, step);
      fleet.seen(step);
    }
    heartbeatText = text;
    heartbeat = row.lastHeartbeat();
    heartbeatSeenNanos = nanos;
    if (first) {
      return false;
    }
    advances++;
    lastAdvanceNanos = nanos;
    return true;
  }

  private String heartbeatDetail() {
    return heartbeatText == null ? "" : ", lastHeartbeat " + heartbeatText;
  }

  private String typicalDetail() {
    if (stepMillis() == Long.MAX_VALUE) {
      return "";
    }
    return "; heartbeats seen every " + millis(stepMillis()) + " at best"
        + (minStepMillis == Long.MAX_VALUE ? " (on the other agents)" : "");
  }

  /** What was seen so far; an outage still open at {@code nanos} is included as open. */
  AgentHistory history() {
    List<Outage> all = new ArrayList<>(outages);
    if (open != null) {
      all.add(open.toOutage(agentId, -1));
    }
    return new AgentHistory(agentId, status, maxSessions, events, all, advances, heartbeatText, lastAdvanceNanos,
        minStepMillis == Long.MAX_VALUE ? Double.NaN : minStepMillis);
  }

  static String millis(double ms) {
    return ms < 1000 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.2f s", ms / 1000);
  }
}
