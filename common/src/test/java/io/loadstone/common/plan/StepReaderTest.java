package io.loadstone.common.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.loadstone.common.plan.step.Condition;
import io.loadstone.common.plan.step.Step;
import io.loadstone.common.plan.step.StepAction;
import io.loadstone.common.plan.step.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StepReaderTest {
  private static final String HEAD = """
      name: t
      sessions: {count: 5, template: firefox-browser}
      """;
  private static final String TARGET = """
      target: {api: "https://ss.example.com", username: admin, passwordEnv: SS_PASSWORD}
      """;

  @Test
  void readsEveryKindOfStepInOrder() {
    Plan plan = PlanLoader.parse("p.yaml", HEAD + """
        sandbox: {agents: 2}
        steps:
          - {at: 20s, do: agent-disconnect, agent: k8s-agent-1, for: 15s}
          - {after: agent-offline, agent: k8s-agent-1, timeout: 30s, do: terminate-sessions, count: 1, sessionsOn: k8s-agent-1}
          - {after: agent-online, do: create-sessions, count: 2}
          - {after: running, do: wait, for: 5s}
        """);
    List<Step> steps = plan.steps();
    assertThat(steps).hasSize(4);
    assertThat(steps.get(0).trigger()).isEqualTo(new Trigger.At(Duration.ofSeconds(20)));
    StepAction.SandboxFault fault = (StepAction.SandboxFault) steps.get(0).action();
    assertThat(fault.kind()).isEqualTo("agent-disconnect");
    assertThat(fault.agent()).isEqualTo("k8s-agent-1");
    assertThat(fault.spec().toString()).isEqualTo("{\"kind\":\"agent-disconnect\",\"agent\":\"k8s-agent-1\",\"for\":\"15s\"}");
    assertThat(steps.get(1).trigger()).isEqualTo(new Trigger.After(Condition.AGENT_OFFLINE, "k8s-agent-1",
        Duration.ofSeconds(30)));
    assertThat(steps.get(1).action()).isEqualTo(new StepAction.TerminateSessions(1, "k8s-agent-1"));
    assertThat(steps.get(2).trigger()).isEqualTo(new Trigger.After(Condition.AGENT_ONLINE, null,
        StepReader.DEFAULT_TIMEOUT));
    assertThat(steps.get(2).action()).isEqualTo(new StepAction.CreateSessions(2));
    assertThat(steps.get(3).action()).isEqualTo(new StepAction.Wait(Duration.ofSeconds(5)));
    assertThat(plan.maxSessions()).isEqualTo(7);
    assertThat(steps.get(1).describe()).isEqualTo(
        "step 2 (after agent-offline of k8s-agent-1: terminate-sessions count=1 sessionsOn=k8s-agent-1)");
    assertThat(plan.summary()).endsWith(", 4 steps");
  }

  @Test
  void kubernetesStepsOnARealTarget() {
    Plan plan = PlanLoader.parse("p.yaml", HEAD + TARGET + """
        steps:
          - {at: 10s, do: delete-agent-pod, selector: app=streamspace-agent}
          - {at: 20s, do: scale-agent, deployment: streamspace-agent, replicas: 0, namespace: ss}
          - {after: agent-offline, do: restart-agent, deployment: streamspace-agent}
        """);
    assertThat(plan.steps()).extracting(Step::action).containsExactly(
        new StepAction.DeleteAgentPod("app=streamspace-agent", null),
        new StepAction.ScaleAgent("streamspace-agent", 0, "ss"),
        new StepAction.RestartAgent("streamspace-agent", null));
  }

  @Test
  void faultStepsAreCheckedByTheSandboxsRulesAsItsOneFaultAndNamedAsTheStepsFields() {
    AtomicReference<String> seen = new AtomicReference<>();
    SandboxCheck check = config -> {
      if (!config.has("faults")) {
        return List.of();
      }
      seen.set(config.toString());
      return List.of("faults[0].agent: expected one of k8s-agent-1, k8s-agent-2, got \"k8s-agent-9\"",
          "faults[0].kind: expected one of drop-start-command, agent-disconnect, got \"agent-disconect\"");
    };
    InvalidPlanException e = catchThrowableOfType(InvalidPlanException.class, () -> PlanLoader.parse("p.yaml", HEAD + """
        sandbox: {agents: 2}
        steps:
          - {at: 1s, do: agent-disconect, agent: k8s-agent-9}
        """, check));
    assertThat(seen.get()).isEqualTo(
        "{\"agents\":2,\"faults\":[{\"kind\":\"agent-disconect\",\"agent\":\"k8s-agent-9\"}]}");
    assertThat(e.problems()).containsExactly(
        "steps[0].agent: expected one of k8s-agent-1, k8s-agent-2, got \"k8s-agent-9\"",
        "steps[0].do: expected one of drop-start-command, agent-disconnect, got \"agent-disconect\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {do: wait, for: 1s}                                | steps[0].at: expected either at (a time since the run started, like "20s") or after (one of running, agent-offline, agent-online), got neither
      {at: 1s, after: running, do: wait, for: 1s}        | steps[0].after: expected either at (a time since the run started, like "20s") or after (one of running, agent-offline, agent-online), got both
      {after: agent-ofline, do: wait, for: 1s}           | steps[0].after: expected one of running, agent-offline, agent-online, got "agent-ofline" (did you mean "agent-offline"?)
      {at: 1s, timeout: 5s, do: wait, for: 1s}           | steps[0].timeout: expected a timeout only with after (an at step does not wait for anything), got "5s"
      {at: soon, do: wait, for: 1s}                      | steps[0].at: expected a duration >= 0 like "10s", got "soon"
      {at: 1s, do: wait}                                 | steps[0].for: expected how long to wait, like "30s", got nothing
      {at: 1s, do: terminate-sessions, count: 0}         | steps[0].count: expected an integer >= 1, or all, got 0
      {at: 1s, do: terminate-sessions, count: most}      | steps[0].count: expected an integer >= 1, or all, got "most"
      {at: 1s, do: terminate-sessions, count: 1, agent: a} | steps[0].agent: unknown field; expected one of count, sessionsOn
      {at: 1s, do: create-sessions}                      | steps[0].count: expected an integer >= 1, got nothing
      {at: 1s, do: create-sessions, count: 1, agent: a}  | steps[0].agent: unknown field; expected one of count
      {at: 1s, do: wait, for: 1s, fro: 2s}               | steps[0].fro: unknown field (did you mean "for"?)
      {after: agent-offline, timeout: 0s, do: wait, for: 1s} | steps[0].timeout: expected a positive duration like "30s", got "0s"
      {at: 1s, do: delete-agent-pod, selector: app=a}    | steps[0].do: expected a step the embedded sandbox can carry out (its agents are not pods: use agent-disconnect, agent-crash-loop or heartbeat-stall), got "delete-agent-pod" (a Kubernetes step for a real platform's target)
      """)
  void badStepsOnTheSandbox(String step, String problem) {
    InvalidPlanException e = catchThrowableOfType(InvalidPlanException.class,
        () -> PlanLoader.parse("p.yaml", HEAD + "steps: [" + step + "]\n"));
    assertThat(e.problems()).containsExactly(problem);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {at: 1s, do: agent-disconnect, agent: k8s-agent-1} | steps[0].do: expected one of terminate-sessions, create-sessions, wait, delete-agent-pod, scale-agent, restart-agent (sandbox faults need the embedded sandbox: a plan without target), got "agent-disconnect"
      {at: 1s, do: restart-agnet, deployment: a}         | steps[0].do: expected one of terminate-sessions, create-sessions, wait, delete-agent-pod, scale-agent, restart-agent (sandbox faults need the embedded sandbox: a plan without target), got "restart-agnet" (did you mean "restart-agent"?)
      {at: 1s, do: scale-agent, deployment: a}           | steps[0].replicas: expected an integer >= 0, got nothing
      {at: 1s, do: scale-agent, deployment: a, replicas: -1} | steps[0].replicas: expected an integer >= 0, got -1
      {at: 1s, do: delete-agent-pod}                     | steps[0].selector: expected a label selector like "app=streamspace-agent", got nothing
      """)
  void badStepsOnARealTarget(String step, String problem) {
    InvalidPlanException e = catchThrowableOfType(InvalidPlanException.class,
        () -> PlanLoader.parse("p.yaml", HEAD + TARGET + "steps: [" + step + "]\n"));
    assertThat(e.problems()).containsExactly(problem);
  }

  @Test
  void stepsMustBeAListOfMappings() {
    InvalidPlanException e = catchThrowableOfType(InvalidPlanException.class,
        () -> PlanLoader.parse("p.yaml", HEAD + "steps: [wait]\n"));
    assertThat(e.problems()).containsExactly("steps[0]: expected a step like {at: 20s, do: agent-disconnect, agent: "
        + "k8s-agent-1, for: 15s}, got \"wait\"");
  }
}
