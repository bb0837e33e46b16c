package io.loadstone.sandbox.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loadstone.sandbox.truth.GroundTruth;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultsTest {
  private static FaultSpec spec(String json) throws Exception {
    return FaultSpec.parse("f", new ObjectMapper().readTree(json));
  }

  @Test
  void countedFaultFiresExactlyThatManyTimesAndIsRecorded() throws Exception {
    GroundTruth truth = new GroundTruth();
    Faults faults = new Faults(truth, 1, List.of(spec("{\"kind\":\"drop-start-command\",\"count\":2}")));
    int fired = 0;
    for (int i = 0; i < 5; i++) {
      if (faults.trigger(FaultKind.DROP_START_COMMAND, "s" + i, "a", "dropped").isPresent()) {
        fired++;
      }
    }
    assertThat(fired).isEqualTo(2);
    assertThat(truth.find("s0").orElseThrow().faultKinds()).containsExactly("drop-start-command");
    assertThat(truth.find("s2")).isEmpty();
  }

  @Test
  void rateFaultFiresAboutThatOften() throws Exception {
    Faults faults = new Faults(new GroundTruth(), 7, List.of(spec("{\"kind\":\"vnc-cross-wire\",\"rate\":0.25}")));
    long fired = java.util.stream.IntStream.range(0, 4000)
        .filter(i -> faults.trigger(FaultKind.VNC_CROSS_WIRE, "s" + i, null, null).isPresent()).count();
    assertThat(fired).isBetween(880L, 1120L);
  }

  @Test
  void agentAndSessionFiltersNarrowTheFault() throws Exception {
    Faults faults = new Faults(new GroundTruth(), 1,
        List.of(spec("{\"kind\":\"drop-start-command\",\"agent\":\"k8s-agent-2\",\"sessions\":[\"firefox\"]}")));
    assertThat(faults.trigger(FaultKind.DROP_START_COMMAND, "admin-firefox-browser-1", "k8s-agent-1", null)).isEmpty();
    assertThat(faults.trigger(FaultKind.DROP_START_COMMAND, "admin-chrome-1", "k8s-agent-2", null)).isEmpty();
    assertThat(faults.trigger(FaultKind.DROP_START_COMMAND, "admin-firefox-browser-1", "k8s-agent-2", null)).isPresent();
  }

  @Test
  void retainOnStopIsOnByDefaultAndCanBeSwitchedOff() throws Exception {
    Faults faults = new Faults(new GroundTruth(), 1, List.of());
    assertThat(faults.retainPvcOnStop()).isTrue();
    assertThat(faults.retainSessionCrOnStop()).isTrue();
    faults.add(spec("{\"kind\":\"retain-on-stop\",\"pvc\":false}"));
    assertThat(faults.retainPvcOnStop()).isFalse();
    assertThat(faults.retainSessionCrOnStop()).isTrue();
    faults.clear();
    assertThat(faults.retainPvcOnStop()).isTrue();
  }

  @Test
  void removedFaultNoLongerFires() throws Exception {
    Faults faults = new Faults(new GroundTruth(), 1, List.of());
    ActiveFault f = faults.add(spec("{\"kind\":\"pod-never-ready\"}"));
    assertThat(faults.trigger(FaultKind.POD_NEVER_READY, "s", null, null)).isPresent();
    assertThat(faults.remove(f.id())).isTrue();
    assertThat(faults.trigger(FaultKind.POD_NEVER_READY, "s", null, null)).isEmpty();
  }

  @Test
  void commandLostWhileDownIsOnByDefaultUnlessCommandsAreRedeliveredAndClearRestoresTheDefaults() throws Exception {
    Faults platform = new Faults(new GroundTruth(), 1, List.of());
    assertThat(platform.activeFor(FaultKind.COMMAND_LOST_WHILE_DOWN, "k8s-agent-1")).hasSize(1);
    Faults redeliver = new Faults(new GroundTruth(), 1, List.of(), true);
    assertThat(redeliver.activeFor(FaultKind.COMMAND_LOST_WHILE_DOWN, "k8s-agent-1")).isEmpty();
    redeliver.add(spec("{\"kind\":\"command-lost-while-down\",\"agent\":\"k8s-agent-2\"}"));
    assertThat(redeliver.activeFor(FaultKind.COMMAND_LOST_WHILE_DOWN, "k8s-agent-1")).isEmpty();
    assertThat(redeliver.activeFor(FaultKind.COMMAND_LOST_WHILE_DOWN, "k8s-agent-2")).hasSize(1);
    platform.add(spec("{\"kind\":\"pod-never-ready\"}"));
    platform.clear();
    assertThat(platform.active()).extracting(ActiveFault::kind)
        .containsExactly(FaultKind.RETAIN_ON_STOP, FaultKind.COMMAND_LOST_WHILE_DOWN);
  }

  @Test
  void removeListenersHearOfRemovalsUntilUnsubscribed() throws Exception {
    Faults faults = new Faults(new GroundTruth(), 1, List.of());
    List<Long> removed = new java.util.ArrayList<>();
    Runnable unsubscribe = faults.onRemove(f -> removed.add(f.id()));
    ActiveFault a = faults.add(spec("{\"kind\":\"agent-status-stuck-offline\"}"));
    ActiveFault b = faults.add(spec("{\"kind\":\"agent-status-stuck-offline\"}"));
    faults.remove(a.id());
    unsubscribe.run();
    faults.remove(b.id());
    assertThat(removed).containsExactly(a.id());
  }

  @Test
  void agentFaultParametersAreChecked() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> spec("{\"kind\":\"agent-crash-loop\"}"))
        .hasMessage("f.period: expected agent-crash-loop needs a period such as \"4m\" (time between crashes), got nothing");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> spec("{\"kind\":\"agent-status-stuck-offline\",\"for\":\"5s\"}"))
        .hasMessage("f.for: expected agent-status-stuck-offline takes only [agent], got unknown field \"for\"");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> spec("{\"kind\":\"heartbeat-stall\",\"agent\":\"k8s-agent-3\"}")
            .requireKnownAgent("faults[0]", 2))
        .hasMessage("faults[0].agent: expected one of k8s-agent-1, k8s-agent-2, got \"k8s-agent-3\"");
  }
}
