package io.loadstone.sandbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.loadstone.sandbox.fault.FaultKind;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxConfigLoaderTest {
  @Test
  void emptyConfigGivesTheContractsRealDefaults() {
    SandboxConfig c = SandboxConfigLoader.parse("inline", "", SandboxConfig.defaults());
    assertThat(c.timings().heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.timings().staleAfter()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.timings().selectionWindow()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.timings().reconnectBackoff()).extracting(Duration::toSeconds).containsExactly(2L, 4L, 8L, 16L, 32L);
    assertThat(c.timings().podReadyTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.pods().readyDelay()).isInstanceOf(Distribution.LogNormal.class);
    assertThat(((Distribution.LogNormal) c.pods().readyDelay()).median()).isEqualTo(Duration.ofSeconds(6));
    assertThat(c.namespace()).isEqualTo("streamspace");
    assertThat(c.agents()).isEqualTo(1);
  }

  @Test
  void overridesTimingsPodsFaultsAndUsers() {
    SandboxConfig c = SandboxConfigLoader.parse("inline", """
        agents: 3
        timings: {heartbeatInterval: 200ms, reconnectBackoff: [50ms, 100ms]}
        pods: {readyDelay: {median: 6s, p99: 20s}, deleteGrace: 30s, scheduleDelay: {min: 1s, max: 2s}}
        faults: [{kind: drop-start-command, count: 1}, {kind: vnc-cross-wire, rate: "20%"}]
        users: [{username: bob, password: pw, disabled: true}]
        """, SandboxConfig.defaults());
    assertThat(c.agents()).isEqualTo(3);
    assertThat(c.timings().heartbeatInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.timings().staleAfter()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.timings().reconnectBackoff()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(c.pods().deleteGrace()).isEqualTo(Distribution.fixed(Duration.ofSeconds(30)));
    assertThat(c.pods().scheduleDelay()).isInstanceOf(Distribution.Uniform.class);
    assertThat(c.faults()).extracting(f -> f.kind()).containsExactly(FaultKind.DROP_START_COMMAND, FaultKind.VNC_CROSS_WIRE);
    assertThat(c.faults().get(1).rate()).isEqualTo(0.2);
    assertThat(c.users()).singleElement().satisfies(u -> {
      assertThat(u.disabled()).isTrue();
      assertThat(u.toString()).doesNotContain("pw");
    });
  }

  @Test
  void reportsEveryProblemAtOnceWithFieldExpectationAndFinding() {
    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> SandboxConfigLoader.parse("sb.yaml", """
        agentz: 2
        port: 99999
        timings: {heartbeatInterval: 30, staleAfter: -5s}
        pods: {readyDelay: {median: 6s, p99: 1s}}
        faults: [{kind: drop-start-commands}, {kind: slow-pods}, {kind: drop-start-command, count: 1, for: 5s}]
        """, SandboxConfig.defaults()));
    assertThat(e.problems()).hasSize(8);
    assertThat(e.getMessage())
        .contains("sb.yaml: agentz: unknown field (did you mean \"agents\"?)")
        .contains("sb.yaml: port: expected an integer from 0 to 65535, got 99999")
        .contains("timings.heartbeatInterval: expected a duration like \"6s\"")
        .contains("timings.staleAfter: expected a duration like \"6s\" or \"250ms\", got \"-5s\"")
        .contains("pods.readyDelay: expected a consistent distribution")
        .contains("faults[0].kind: expected one of drop-start-command")
        .contains("faults[1].delay: expected slow-pods needs a delay")
        .contains("faults[2].for: expected drop-start-command takes only");
  }

  @Test
  void agentFaultsTheRedeliverySwitchAndTheRestartDelayAreRead() {
    SandboxConfig c = SandboxConfigLoader.parse("inline", """
        agents: 2
        redeliverCommands: true
        timings: {agentRestartDelay: 300ms}
        faults:
          - {kind: agent-disconnect, agent: k8s-agent-2, for: 2s}
          - {kind: agent-status-stuck-offline}
          - {kind: command-lost-while-down, agent: k8s-agent-1}
          - {kind: heartbeat-stall, for: 1s}
          - {kind: agent-crash-loop, agent: k8s-agent-1, period: 4m}
        """, SandboxConfig.defaults());
    assertThat(c.redeliverCommands()).isTrue();
    assertThat(c.timings().agentRestartDelay()).isEqualTo(Duration.ofMillis(300));
    assertThat(c.faults()).extracting(f -> f.kind()).containsExactly(FaultKind.AGENT_DISCONNECT,
        FaultKind.AGENT_STATUS_STUCK_OFFLINE, FaultKind.COMMAND_LOST_WHILE_DOWN, FaultKind.HEARTBEAT_STALL,
        FaultKind.AGENT_CRASH_LOOP);
    assertThat(c.faults().get(0).forDuration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.faults().get(4).period()).isEqualTo(Duration.ofMinutes(4));
    SandboxConfig defaults = SandboxConfigLoader.parse("inline", "", SandboxConfig.defaults());
    assertThat(defaults.redeliverCommands()).isFalse();
    assertThat(defaults.timings().agentRestartDelay()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void badAgentFaultsAreReportedWithFieldExpectationAndFinding() {
    InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> SandboxConfigLoader.parse("sb.yaml", """
        agents: 2
        redeliverCommands: "yes"
        faults:
          - {kind: agent-disconnect, agent: k8s-agent-3}
          - {kind: agent-crash-loop}
          - {kind: agent-status-stuck-offline, for: 5s}
          - {kind: command-lost-while-down, for: 5s}
          - {kind: agent-crash-loop, period: 0s}
        """, SandboxConfig.defaults()));
    assertThat(e.problems()).containsExactly(
        "redeliverCommands: expected true or false, got \"yes\"",
        "faults[0].agent: expected one of k8s-agent-1, k8s-agent-2, got \"k8s-agent-3\"",
        "faults[1].period: expected agent-crash-loop needs a period such as \"4m\" (time between crashes), got nothing",
        "faults[2].for: expected agent-status-stuck-offline takes only [agent], got unknown field \"for\"",
        "faults[3].for: expected command-lost-while-down takes only [agent], got unknown field \"for\"",
        "faults[4].period: expected a positive duration like \"4m\", got \"0s\"");
  }

  @Test
  void malformedYamlNamesFileAndLine() {
    assertThatThrownBy(() -> SandboxConfigLoader.parse("bad.yaml", "agents: [1,\n  2", SandboxConfig.defaults()))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("bad.yaml: not valid YAML/JSON at line");
  }

  @Test
  void missingFileIsReportedByPath(@TempDir Path dir) {
    assertThatThrownBy(() -> SandboxConfigLoader.load(dir.resolve("nope.yaml")))
        .hasMessageContaining("nope.yaml: file not found");
  }

  @Test
  void loadsFromFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("s.yaml");
    Files.writeString(f, "agents: 2\n");
    assertThat(SandboxConfigLoader.load(f).agents()).isEqualTo(2);
  }

  @Test
  void fastPresetKeepsTheRealRatios() throws Exception {
    String text;
    try (InputStream in = getClass().getResourceAsStream("/io/loadstone/sandbox/sandbox-fast.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Timings t = SandboxConfigLoader.parse("fast", text, SandboxConfig.defaults()).timings();
    assertThat(t.staleAfter().toMillis()).isEqualTo(3 * t.heartbeatInterval().toMillis());
    assertThat(t.selectionWindow().toMillis()).isEqualTo(2 * t.staleAfter().toMillis());
  }

  @Test
  void logNormalSamplesHaveTheConfiguredMedianAndP99() {
    Distribution d = Distribution.logNormal(Duration.ofSeconds(6), Duration.ofSeconds(20));
    Random r = new Random(42);
    long[] s = new long[20_001];
    for (int i = 0; i < s.length; i++) {
      s[i] = d.sample(r).toMillis();
    }
    java.util.Arrays.sort(s);
    assertThat(s[s.length / 2]).isBetween(5_700L, 6_300L);
    assertThat(s[(int) (s.length * 0.99)]).isBetween(18_000L, 22_000L);
  }
}
