package io.loadstone.sandbox.fault;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The named faults of the contract (section 4). Each kind lists the parameters it accepts, so a config or an
 * admin request with a parameter that means nothing for that kind is refused rather than silently ignored.
 * Session-level faults are {@link Faults#trigger triggered} where the platform's code would misbehave;
 * agent-level ones are acted on by the agents (which {@link Faults#onChange listen} for them) and by the control
 * plane's registry and dispatcher. {@code retain-on-stop} and {@code command-lost-while-down} are on by default, as
 * they are the platform's code.
 */
public enum FaultKind {
  DROP_START_COMMAND("drop-start-command", Set.of("count", "rate", "agent", "sessions")),
  SLOW_PODS("slow-pods", Set.of("count", "rate", "delay", "sessions")),
  POD_NEVER_READY("pod-never-ready", Set.of("count", "rate", "sessions")),
  SLOW_DELETE("slow-delete", Set.of("count", "rate", "delay", "sessions")),
  RETAIN_ON_STOP("retain-on-stop", Set.of("pvc", "sessionCr")),
  VNC_CROSS_WIRE("vnc-cross-wire", Set.of("count", "rate", "agent", "sessions")),
  AGENT_DISCONNECT("agent-disconnect", Set.of("agent", "for")),
  AGENT_STATUS_STUCK_OFFLINE("agent-status-stuck-offline", Set.of("agent")),
  COMMAND_LOST_WHILE_DOWN("command-lost-while-down", Set.of("agent")),
  HEARTBEAT_STALL("heartbeat-stall", Set.of("agent", "for")),
  AGENT_CRASH_LOOP("agent-crash-loop", Set.of("agent", "period"));

  private final String id;
  private final Set<String> params;

  FaultKind(String id, Set<String> params) {
    this.id = id;
    this.params = params;
  }

  /** The name used in configs, plans and the admin API, e.g. {@code drop-start-command}. */
  public String id() {
    return id;
  }

  public Set<String> params() {
    return params;
  }

  public static Optional<FaultKind> byId(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
  }

  public static String allIds() {
    return String.join(", ", Arrays.stream(values()).map(FaultKind::id).toList());
  }
}
