package io.loadstone.orchestrator.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.common.message.RunId;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunEventsTest {
  private static final RunId RUN = new RunId("20261124-140000-a3f9");

  private static String line(String run, String slot, int attempt, String phase, String platformSession) {
    JsonObject json = new JsonObject().put("run", run).put("session", slot).put("attempt", attempt)
        .put("phase", phase).put("node", "worker-1");
    return (platformSession == null ? json : json.put("platformSession", platformSession)).encode();
  }

  @Test
  void eachPlatformSessionOfTheRunOnceSortedBySlotAndAttempt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.jsonl");
    Files.write(file, List.of(
        line(RUN.value(), "s0002", 1, "created", "p-2a"),
        line(RUN.value(), "s0001", 1, "created", "p-1"),
        line("20261124-000000-0the", "s0001", 1, "created", "p-other"),
        line(RUN.value(), "s0002", 1, "podReady", "p-2a"),
        line(RUN.value(), "s0002", 2, "created", "p-2b"),
        "",
        line(RUN.value(), "s0001", 1, "running", "p-1")));

    RunEvents events = RunEvents.read(file, RUN);

    assertThat(events.sessions()).extracting(RunSession::platformId, RunSession::slot, RunSession::attempt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("p-1", "s0001", 1),
            org.assertj.core.groups.Tuple.tuple("p-2a", "s0002", 1),
            org.assertj.core.groups.Tuple.tuple("p-2b", "s0002", 2));
    assertThat(events.sessions()).allMatch(s -> s.sources().equals(java.util.Set.of(SessionSource.EVENTS)));
    assertThat(events.linesOfRun()).isEqualTo(5);
    assertThat(events.otherRuns()).containsExactly("20261124-000000-0the");
    assertThat(events.warnings()).isEmpty();
  }

  @Test
  void tornLastLineAndBrokenLinesAreSkippedWithAWarningEach(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.jsonl");
    String torn = line(RUN.value(), "s0003", 1, "created", "p-3");
    Files.writeString(file, line(RUN.value(), "s0001", 1, "created", "p-1") + "\n"
        + "{not json\n"
        + line(RUN.value(), "s0002", 1, "created", "p-2") + "\n"
        + torn.substring(0, 30));

    RunEvents events = RunEvents.read(file, RUN);

    assertThat(events.sessions()).extracting(RunSession::platformId).containsExactly("p-1", "p-2");
    assertThat(events.warnings()).containsExactly(
        file + ": line 2: skipped, not a JSON object",
        file + ": line 4: skipped, torn (the orchestrator stopped in the middle of writing it)");
  }

  @Test
  void linesWithoutAPlatformSessionAreCountedAndExplained(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.jsonl");
    Files.write(file, List.of(line(RUN.value(), "s0001", 1, "created", null),
        line(RUN.value(), "s0002", 1, "created", null)));

    RunEvents events = RunEvents.read(file, RUN);

    assertThat(events.sessions()).isEmpty();
    assertThat(events.linesOfRun()).isEqualTo(2);
    assertThat(events.warnings()).containsExactly(file + ": 2 lines of run " + RUN + " name no platformSession "
        + "(written before events carried it): those sessions are found only by tag");
  }

  @Test
  void tagsAddSessionsTheEventsMissAndMarkTheOnesBothName() {
    RunEvents events = new RunEvents(Path.of("e"), List.of(new RunSession("p-1", "s0001", 1,
        java.util.EnumSet.of(SessionSource.EVENTS)), new RunSession("p-2", "s0002", 1,
        java.util.EnumSet.of(SessionSource.EVENTS))), 2, java.util.Set.of(), List.of());

    List<RunSession> merged = TaggedSessions.merge(events, new TaggedSessions(List.of("p-2", "p-9"), true, 5));

    assertThat(merged).extracting(RunSession::platformId, RunSession::sourceLabel).containsExactly(
        org.assertj.core.groups.Tuple.tuple("p-1", "events"),
        org.assertj.core.groups.Tuple.tuple("p-2", "events, tag"),
        org.assertj.core.groups.Tuple.tuple("p-9", "tag"));
    assertThat(merged.get(2).slotLabel()).isEqualTo("(slot unknown)");
  }
}
