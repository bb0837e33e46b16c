package io.loadstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.loadstone.common.plan.Plan;
import io.loadstone.common.plan.PlanLoader;
import io.loadstone.sandbox.config.Distribution;
import io.loadstone.sandbox.config.SandboxConfig;
import io.loadstone.sandbox.fault.FaultKind;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanSandboxTest {
  @Test
  void lostStartPlanGivesASandboxThatDropsOneStartCommand() {
    Plan plan = PlanSandbox.load(Path.of("..", "plans", "test-1.3-lost-start.yaml"));
    SandboxConfig config = PlanSandbox.config(plan);
    assertThat(config.faults()).hasSize(1);
    assertThat(config.faults().get(0).kind()).isEqualTo(FaultKind.DROP_START_COMMAND);
    assertThat(config.faults().get(0).count()).isEqualTo(1);
  }

  @Test
  void podReadyShorthandSetsThePodReadyDelay() {
    Plan plan = PlanLoader.parse("p.yaml", """
        name: t
        sandbox: {agents: 3, podReady: 2s}
        sessions: {count: 1, template: firefox-browser}
        """, PlanSandbox.CHECK);
    SandboxConfig config = PlanSandbox.config(plan);
    assertThat(config.agents()).isEqualTo(3);
    assertThat(config.pods().readyDelay()).isEqualTo(Distribution.fixed(Duration.ofSeconds(2)));
  }

  @Test
  void everySandboxKeyThePlanAcceptsIsASandboxConfigKey() {
    ObjectNode probe = JsonNodeFactory.instance.objectNode();
    for (String key : io.loadstone.common.plan.SandboxBlock.KEYS) {
      if (!key.equals("podReady")) {
        probe.putNull(key);
      }
    }
    assertThat(PlanSandbox.CHECK.problems(probe)).noneMatch(p -> p.contains("unknown field"));
  }

  @Test
  void schemaKnowsExactlyTheSandboxFaultKindsAndTimings() throws Exception {
    JsonNode schema;
    try (InputStream in = PlanSandboxTest.class.getResourceAsStream("/io/loadstone/plan/plan.schema.json")) {
      schema = new ObjectMapper().readTree(in);
    }
    List<String> kinds = new ArrayList<>();
    schema.at("/$defs/fault/properties/kind/enum").forEach(k -> kinds.add(k.asText()));
    assertThat(kinds).containsExactlyInAnyOrderElementsOf(Arrays.stream(FaultKind.values()).map(FaultKind::id).toList());

    ObjectNode timings = JsonNodeFactory.instance.objectNode();
    schema.at("/$defs/sandbox/properties/timings/properties").fieldNames().forEachRemaining(k -> timings.putNull(k));
    ObjectNode pods = JsonNodeFactory.instance.objectNode();
    schema.at("/$defs/sandbox/properties/pods/properties").fieldNames().forEachRemaining(k -> pods.putNull(k));
    ObjectNode probe = JsonNodeFactory.instance.objectNode();
    probe.set("timings", timings);
    probe.set("pods", pods);
    assertThat(timings.size()).isEqualTo(18);
    assertThat(PlanSandbox.CHECK.problems(probe)).noneMatch(p -> p.contains("unknown field"));
  }
}
