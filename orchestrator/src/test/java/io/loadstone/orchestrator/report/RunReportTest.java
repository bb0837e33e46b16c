package io.loadstone.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loadstone.common.message.Diagnosis;
import io.loadstone.common.message.Isolation;
import io.loadstone.common.message.SessionOutcome.Outcome;
import io.loadstone.common.phase.Phase;
import io.loadstone.common.plan.criteria.CriterionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunReportTest {
  @Test
  void builderTakesVerdictAndExitCodeFromTheCriteria() {
    RunReport failed = SeedRun.failedRun();
    assertThat(failed.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.failedCriteria()).extracting(CriterionResult::metric).containsExactly("running.rate");
    RunReport passed = SeedRun.passedRun();
    assertThat(passed.verdict()).isEqualTo(Verdict.PASSED);
    assertThat(passed.exitCode()).isZero();
  }

  @Test
  void passedVerdictWithAFailedCriterionIsRejected() {
    RunReport r = SeedRun.failedRun();
    assertThatThrownBy(() -> new RunReport(r.run(), r.planFile(), r.planName(), r.description(), Verdict.PASSED, 0,
        r.startedAt(), r.finishedAt(), null, r.target(), r.configuration(), r.sessions(), r.phases(), r.criteria(),
        r.counts(), r.retained(), r.leaked(), r.notes(), r.workers(), r.recovered(), r.steps(), r.agents()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("verdict passed contradicts the criteria, which say failed");
  }

  @Test
  void exitCodeMustMatchTheVerdict() {
    RunReport r = SeedRun.failedRun();
    assertThatThrownBy(() -> new RunReport(r.run(), r.planFile(), r.planName(), r.description(), Verdict.FAILED, 0,
        r.startedAt(), r.finishedAt(), null, r.target(), r.configuration(), r.sessions(), r.phases(), r.criteria(),
        r.counts(), r.retained(), r.leaked(), r.notes(), r.workers(), r.recovered(), r.steps(), r.agents()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a failed run exits with 1, got 0");
  }

  @Test
  void erroredRunNeedsAnErrorLine() {
    RunReport r = SeedRun.erroredRun();
    assertThatThrownBy(() -> new RunReport(r.run(), r.planFile(), r.planName(), r.description(), Verdict.ERROR, 3,
        r.startedAt(), r.finishedAt(), " ", r.target(), r.configuration(), r.sessions(), r.phases(), r.criteria(),
        r.counts(), r.retained(), r.leaked(), r.notes(), r.workers(), r.recovered(), r.steps(), r.agents()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an errored run says what went wrong");
  }

  @Test
  void errorLineIsOneLine() {
    RunReport r = SeedRun.builder(List.of()).error("login refused:\n  401 Unauthorized\n", 3).build();
    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.error()).isEqualTo("login refused: 401 Unauthorized");
  }

  @Test
  void everyPhaseIsPresentEvenIfNobodyReachedIt() {
    RunReport r = SeedRun.erroredRun();
    assertThat(r.phases()).containsOnlyKeys(Phase.values());
    assertThat(r.phases().values()).allMatch(PhaseStats::isEmpty);
  }

  @Test
  void countsAreDerivedFromSessionsAndRemainingObjects() {
    List<RemainingResource> retained = new ArrayList<>(SeedRun.retained());
    retained.add(new RemainingResource(ResourceKind.PVC, "admin-firefox-browser-a77bb39b-home", "s0002", "kept"));
    List<RemainingResource> leaked = List.of(new RemainingResource(ResourceKind.SERVICE, "x", "s0003", "still there"));
    Counts c = Counts.derive(5, SeedRun.sessions(), retained, leaked);
    assertThat(c).isEqualTo(new Counts(5, 5, 4, 1, 5, 1, Map.of(ResourceKind.PVC, 1L, ResourceKind.SESSION_CR, 5L)));
    assertThat(c.retainedTotal()).isEqualTo(6);
  }

  @Test
  void completedSessionWithADiagnosisIsRejected() {
    assertThatThrownBy(() -> new SessionResult("s0009", null, 1, "node-1", null, Outcome.COMPLETED, null,
        new Diagnosis("api-error", List.of()), Map.of(), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("session s0009: a completed session has no failed phase or diagnosis");
  }

  @Test
  void secretsInFreeTextAreMaskedBeforeAnyWriterSeesThem() {
    List<SessionResult> sessions = new ArrayList<>(SeedRun.sessions());
    SessionResult s = sessions.get(0);
    sessions.set(0, new SessionResult(s.id(), s.platformSession(), 1, "node-1", SeedRun.AGENT, Outcome.FAILED,
        Phase.PROVISIONED, new Diagnosis("api-error", List.of(
            "request had Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig",
            "body {\"password\":\"hunter2-pw\",\"user\":\"admin\"}",
            "redirected to https://admin:s3cr3t-pw@streamspace.example.com/login?token=abc123XYZ")),
        s.phasesMillis(), new Isolation(true, true, s.platformSession()), s.startedAt()));
    RunReport r = SeedRun.builder(sessions)
        .target(new RunTarget(RunTarget.Kind.PLATFORM, "https://admin:s3cr3t-pw@streamspace.example.com",
            "streamspace", List.of()))
        .note("worker node-2 used api_key=AKIA-secret-key")
        .build();
    assertThat(r.sessions().get(0).diagnosis().evidence()).containsExactly(
        "request had Authorization: Bearer ***",
        "body {\"password\":\"***\",\"user\":\"admin\"}",
        "redirected to https://***@streamspace.example.com/login?token=***");
    for (ReportWriter w : List.of(new ResultsJsonWriter(), new MarkdownReportWriter(), new JunitXmlWriter())) {
      assertThat(w.render(r)).as(w.fileName())
          .doesNotContain("eyJhbGciOiJIUzI1NiJ9", "hunter2-pw", "s3cr3t-pw", "abc123XYZ", "AKIA-secret-key");
    }
  }
}
