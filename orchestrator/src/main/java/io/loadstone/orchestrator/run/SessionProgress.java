package io.loadstone.orchestrator.run;

import io.loadstone.common.message.PhaseEvent;
import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.Check;
import io.loadstone.common.plan.Plan;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where each session is, as far as steps care: holding (running and through its checks), being deleted, and which
 * agent it was placed on. Fed the run's deduplicated phase events; confined to the run's context.
 */
final class SessionProgress {
  private final boolean checksVnc;
  private final Set<String> running = new HashSet<>();
  private final Set<String> tunnelUp = new HashSet<>();
  private final Set<String> terminated = new HashSet<>();
  private final Map<String, String> agents = new HashMap<>();

  SessionProgress(Plan plan) {
    this.checksVnc = plan.checks().contains(Check.VNC);
  }

  void record(PhaseEvent event) {
    if (event.agent() != null) {
      agents.put(event.session(), event.agent());
    }
    switch (event.phase()) {
      case RUNNING -> running.add(event.session());
      case TUNNEL_UP -> tunnelUp.add(event.session());
      case TERMINATED -> terminated.add(event.session());
      default -> {
      }
    }
  }

  /** Running and through its checks (tunnelUp when the plan checks VNC). */
  boolean holding(String slot) {
    return running.contains(slot) && (!checksVnc || tunnelUp.contains(slot));
  }

  /**
   * Up to {@code count} slots holding and not yet being deleted, on {@code agent} if given, lowest first, among
   * those {@code live} accepts.
   */
  List<String> holdingSlots(int count, String agent, Predicate<String> live) {
    return running.stream().filter(this::holding).filter(slot -> !terminated.contains(slot)).filter(live)
        .filter(slot -> agent == null || agent.equals(agents.get(slot)))
        .sorted().limit(count).toList();
  }

  static boolean isStepPhase(Phase phase) {
    return phase == Phase.RUNNING || phase == Phase.TUNNEL_UP || phase == Phase.TERMINATED;
  }
}
