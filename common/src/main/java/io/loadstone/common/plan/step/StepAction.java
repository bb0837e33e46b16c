package io.loadstone.common.plan.step;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loadstone.common.time.Durations;
import java.time.Duration;
import java.util.List;

/**
 * What a step does. Sandbox faults act only on the embedded sandbox; the Kubernetes actions
 * ({@code delete-agent-pod}, {@code scale-agent}, {@code restart-agent}) only on a real platform, where the agents
 * are pods; the session actions and {@code wait} everywhere.
 */
public sealed interface StepAction {
  /** The step names a real platform accepts; every other name is a sandbox fault. */
  List<String> PLATFORM_ACTIONS = List.of("terminate-sessions", "create-sessions", "wait", "delete-agent-pod",
      "scale-agent", "restart-agent");

  /** As written after {@code do:}. */
  String id();

  /** One line for people. */
  String describe();

  /**
   * A sandbox fault switched on at run time ({@code POST /sandbox/v1/faults}).
   *
   * @param kind  the fault's name, e.g. {@code agent-disconnect}
   * @param agent the agent it is about, or null
   * @param spec  the fault as the sandbox takes it: {@code {kind, agent, for, ...}}
   */
  record SandboxFault(String kind, String agent, ObjectNode spec) implements StepAction {
    @Override
    public String id() {
      return kind;
    }

    @Override
    public String describe() {
      StringBuilder text = new StringBuilder(kind);
      spec.fields().forEachRemaining(f -> {
        if (!f.getKey().equals("kind")) {
          text.append(' ').append(f.getKey()).append('=').append(f.getValue().isTextual() ? f.getValue().asText()
              : f.getValue().toString());
        }
      });
      return text.toString();
    }
  }

  /**
   * Ends the hold of {@code count} ({@link #ALL}: every) running sessions now, the lowest-numbered first, only those
   * placed on {@code sessionsOn} if given.
   */
  record TerminateSessions(int count, String sessionsOn) implements StepAction {
    /** {@code count: all} */
    public static final int ALL = Integer.MAX_VALUE;

    @Override
    public String id() {
      return "terminate-sessions";
    }

    @Override
    public String describe() {
      return "terminate-sessions count=" + (count == ALL ? "all" : String.valueOf(count))
          + (sessionsOn == null ? "" : " sessionsOn=" + sessionsOn);
    }
  }

  /** Adds {@code count} sessions to the run, created like the plan's. */
  record CreateSessions(int count) implements StepAction {
    @Override
    public String id() {
      return "create-sessions";
    }

    @Override
    public String describe() {
      return "create-sessions count=" + count;
    }
  }

  /** Does nothing for a while. */
  record Wait(Duration duration) implements StepAction {
    @Override
    public String id() {
      return "wait";
    }

    @Override
    public String describe() {
      return "wait " + Durations.format(duration);
    }
  }

  /** Deletes the agent pods matching a label selector (Kubernetes restarts them). */
  record DeleteAgentPod(String selector, String namespace) implements StepAction {
    @Override
    public String id() {
      return "delete-agent-pod";
    }

    @Override
    public String describe() {
      return "delete-agent-pod selector=" + selector + (namespace == null ? "" : " namespace=" + namespace);
    }
  }

  /** Scales the agent Deployment. */
  record ScaleAgent(String deployment, int replicas, String namespace) implements StepAction {
    @Override
    public String id() {
      return "scale-agent";
    }

    @Override
    public String describe() {
      return "scale-agent deployment=" + deployment + " replicas=" + replicas
          + (namespace == null ? "" : " namespace=" + namespace);
    }
  }

  /** A rollout restart of the agent Deployment (as {@code kubectl rollout restart}). */
  record RestartAgent(String deployment, String namespace) implements StepAction {
    @Override
    public String id() {
      return "restart-agent";
    }

    @Override
    public String describe() {
      return "restart-agent deployment=" + deployment + (namespace == null ? "" : " namespace=" + namespace);
    }
  }
}
