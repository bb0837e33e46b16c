package io.loadstone.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loadstone.common.plan.step.Condition;
import io.loadstone.common.plan.step.Step;
import io.loadstone.common.plan.step.StepAction;
import io.loadstone.common.plan.step.Trigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code steps:}. A step names its trigger ({@code at} or {@code after}, with {@code timeout}), its action
 * ({@code do}) and the action's parameters. An action that is not one of {@link StepAction#PLATFORM_ACTIONS} is a
 * sandbox fault: it needs the embedded sandbox, and its parameters are checked by the sandbox's own rules (the
 * {@link SandboxCheck}), as if it were in {@code sandbox.faults}.
 */
final class StepReader {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  private static final Set<String> TRIGGER_KEYS = Set.of("at", "after", "timeout", "do");
  private static final Set<String> AGENT_TRIGGER_KEYS = Set.of("at", "after", "timeout", "do", "agent");
  private static final String SHAPE = "a step like {at: 20s, do: agent-disconnect, agent: k8s-agent-1, for: 15s}";

  private StepReader() {
  }

  /**
   * @param sandbox the plan's sandbox block (null with a target, or when it had problems of its own)
   * @param check   the sandbox's rules, for fault steps
   */
  static List<Step> read(Section top, boolean hasTarget, SandboxBlock sandbox, SandboxCheck check) {
    JsonNode node = top.get("steps");
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      top.problems.expected("steps", "a list of steps like [" + SHAPE.substring(2) + "]", node);
      return List.of();
    }
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String path = "steps[" + i + "]";
      JsonNode item = node.get(i);
      if (!item.isObject()) {
        top.problems.expected(path, SHAPE, item);
        continue;
      }
      Step step = step(new Section(item, path, top.problems), i, hasTarget, sandbox, check);
      if (step != null) {
        steps.add(step);
      }
    }
    return steps;
  }

  private static Step step(Section s, int index, boolean hasTarget, SandboxBlock sandbox, SandboxCheck check) {
    int before = s.problems.size();
    String id = s.requiredString("do", "an action: a sandbox fault such as agent-disconnect, or one of "
        + String.join(", ", StepAction.PLATFORM_ACTIONS));
    Trigger trigger = trigger(s);
    // one agent field serves both: the condition watches the agent the action acts on
    Set<String> handled = trigger instanceof Trigger.After a && a.condition().aboutAgents() ? AGENT_TRIGGER_KEYS
        : TRIGGER_KEYS;
    StepAction action = id == null ? null : action(s, id, handled, hasTarget, sandbox, check);
    return s.problems.size() > before || trigger == null || action == null ? null : new Step(index, trigger, action);
  }

  private static Trigger trigger(Section s) {
    boolean at = s.has("at");
    boolean after = s.has("after");
    if (at == after) {
      s.problems.expected(s.path(at ? "after" : "at"), "either at (a time since the run started, like \"20s\") or "
          + "after (one of " + String.join(", ", Condition.ids()) + ")", at ? "both" : "neither");
      return null;
    }
    if (at) {
      if (s.has("timeout")) {
        s.problems.expected(s.path("timeout"), "a timeout only with after (an at step does not wait for anything)",
            s.get("timeout"));
      }
      Duration when = s.duration("at", null, false);
      return when == null ? null : new Trigger.At(when);
    }
    JsonNode a = s.get("after");
    var condition = a.isTextual() ? Condition.byId(a.asText()) : java.util.Optional.<Condition>empty();
    if (condition.isEmpty()) {
      s.problems.expected(s.path("after"), "one of " + String.join(", ", Condition.ids()),
          Problems.describe(a) + (a.isTextual() ? Suggestions.hint(a.asText(), Condition.ids()) : ""));
      return null;
    }
    Duration timeout = s.duration("timeout", DEFAULT_TIMEOUT, true);
    String agent = condition.get().aboutAgents() ? s.string("agent", null) : null;
    return timeout == null ? null : new Trigger.After(condition.get(), agent, timeout);
  }

  private static StepAction action(Section s, String id, Set<String> handled, boolean hasTarget, SandboxBlock sandbox,
                                   SandboxCheck check) {
    return switch (id) {
      case "terminate-sessions" -> {
        s.allowOnly(List.of("count", "sessionsOn"), handled);
        JsonNode all = s.get("count");
        Integer count = all != null && all.isTextual() && all.asText().equals("all")
            ? Integer.valueOf(StepAction.TerminateSessions.ALL) : positive(s, "count", true, "an integer >= 1, or all");
        String sessionsOn = s.string("sessionsOn", null);
        yield count == null ? null : new StepAction.TerminateSessions(count, sessionsOn);
      }
      case "create-sessions" -> {
        s.allowOnly(List.of("count"), handled);
        Integer count = positive(s, "count", true);
        yield count == null ? null : new StepAction.CreateSessions(count);
      }
      case "wait" -> {
        s.allowOnly(List.of("for"), handled);
        if (!s.has("for")) {
          s.missing("for", "how long to wait, like \"30s\"");
          yield null;
        }
        Duration d = s.duration("for", null, true);
        yield d == null ? null : new StepAction.Wait(d);
      }
      case "delete-agent-pod" -> kube(s, id, hasTarget, () -> {
        s.allowOnly(List.of("selector", "namespace"), handled);
        String selector = s.requiredString("selector", "a label selector like \"app=streamspace-agent\"");
        String namespace = s.string("namespace", null);
        return selector == null ? null : new StepAction.DeleteAgentPod(selector, namespace);
      });
      case "scale-agent" -> kube(s, id, hasTarget, () -> {
        s.allowOnly(List.of("deployment", "replicas", "namespace"), handled);
        String deployment = s.requiredString("deployment", "the agent Deployment's name");
        Integer replicas = positive(s, "replicas", false);
        String namespace = s.string("namespace", null);
        return deployment == null || replicas == null ? null
            : new StepAction.ScaleAgent(deployment, replicas, namespace);
      });
      case "restart-agent" -> kube(s, id, hasTarget, () -> {
        s.allowOnly(List.of("deployment", "namespace"), handled);
        String deployment = s.requiredString("deployment", "the agent Deployment's name");
        String namespace = s.string("namespace", null);
        return deployment == null ? null : new StepAction.RestartAgent(deployment, namespace);
      });
      default -> fault(s, id, hasTarget, sandbox, check);
    };
  }

  private interface ActionReader {
    StepAction read();
  }

  private static StepAction kube(Section s, String id, boolean hasTarget, ActionReader reader) {
    StepAction action = reader.read();
    if (!hasTarget) {
      s.problems.expected(s.path("do"), "a step the embedded sandbox can carry out (its agents are not pods: use "
          + "agent-disconnect, agent-crash-loop or heartbeat-stall)", Problems.quote(id) + " (a Kubernetes step "
          + "for a real platform's target)");
      return null;
    }
    return action;
  }

  private static StepAction fault(Section s, String id, boolean hasTarget, SandboxBlock sandbox, SandboxCheck check) {
    if (hasTarget) {
      String hint = Suggestions.hint(id, StepAction.PLATFORM_ACTIONS);
      s.problems.expected(s.path("do"), "one of " + String.join(", ", StepAction.PLATFORM_ACTIONS) + " (sandbox "
          + "faults need the embedded sandbox: a plan without target)", Problems.quote(id) + hint);
      return null;
    }
    ObjectNode spec = JsonNodeFactory.instance.objectNode();
    spec.put("kind", id);
    for (Iterator<String> it = s.node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!TRIGGER_KEYS.contains(key)) { // the agent too: the fault's own parameter
        spec.set(key, s.node.get(key));
      }
    }
    if (sandbox != null) {
      // checked as the one fault of the plan's own sandbox config, so agent names are checked against its agents
      ObjectNode config = sandbox.config().deepCopy();
      config.set("faults", JsonNodeFactory.instance.arrayNode().add(spec));
      for (String problem : check.problems(config)) {
        if (problem.startsWith("faults[0].kind")) {
          s.problems.add(s.path("do") + problem.substring("faults[0].kind".length()));
        } else if (problem.startsWith("faults[0].")) {
          s.problems.add(s.path(problem.substring("faults[0].".length())));
        } else if (problem.startsWith("faults[0]")) {
          s.problems.add(s.path + problem.substring("faults[0]".length()));
        }
      }
    }
    JsonNode agent = spec.get("agent");
    return new StepAction.SandboxFault(id, agent != null && agent.isTextual() ? agent.asText() : null, spec);
  }

  /** An integer >= 1 ({@code atLeastOne}) or >= 0. */
  private static Integer positive(Section s, String key, boolean atLeastOne) {
    return positive(s, key, atLeastOne, atLeastOne ? "an integer >= 1" : "an integer >= 0");
  }

  private static Integer positive(Section s, String key, boolean atLeastOne, String expected) {
    JsonNode v = s.get(key);
    if (v == null || v.isNull()) {
      s.missing(key, expected);
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < (atLeastOne ? 1 : 0)) {
      s.problems.expected(s.path(key), expected, v);
      return null;
    }
    return v.intValue();
  }
}
