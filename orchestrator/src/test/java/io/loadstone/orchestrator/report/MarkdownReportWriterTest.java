package io.loadstone.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.loadstone.common.message.Diagnosis;
import io.loadstone.common.message.Isolation;
import io.loadstone.common.message.SessionOutcome.Outcome;
import io.loadstone.common.phase.Phase;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownReportWriterTest {
  private final MarkdownReportWriter writer = new MarkdownReportWriter();

  private static String section(String md, String heading) {
    int start = md.indexOf("## " + heading + "\n");
    assertThat(start).as("section %s", heading).isNotNegative();
    int end = md.indexOf("\n## ", start + 3);
    return end < 0 ? md.substring(start) : md.substring(start, end);
  }

  @Test
  void failedRunStartsWithTheVerdictNamingTheFailedCriterion() {
    String md = writer.render(SeedRun.failedRun());
    assertThat(md.lines().findFirst()).contains("# FAILED: running.rate == 100% (actual 80% (4 of 5))");
    assertThat(md).doesNotContain("PASSED");
  }

  @Test
  void reportMatchesTheGoldenFile() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("lost-start-report.md")) {
      assertThat(in).isNotNull();
      assertThat(writer.render(SeedRun.failedRun())).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void configurationSaysTargetSessionsFaultsAndPolling() {
    String config = section(writer.render(SeedRun.failedRun()), "Configuration");
    assertThat(config).contains("embedded sandbox at `http://127.0.0.1:41234`", "namespace `streamspace`",
        "5 × `firefox-browser` for user `admin`, 512Mi memory and 250m CPU each",
        "`{kind: drop-start-command, count: 1}`", "polled every 250ms");
  }

  @Test
  void phaseTableHasCountAndPercentilesPerPhase() {
    String phases = section(writer.render(SeedRun.failedRun()), "Phases");
    assertThat(phases).contains("| Phase | Sessions | p50 | p95 | p99 | max |");
    assertThat(phases.lines().filter(l -> l.startsWith("| podReady | 4 | 7.84"))).hasSize(1);
    assertThat(phases.lines().filter(l -> l.startsWith("| cleanedUp | 5 |"))).hasSize(1);
  }

  @Test
  void oneSessionRowEachWithPhaseTimesAgentAndOutcome() {
    String sessions = section(writer.render(SeedRun.failedRun()), "Sessions");
    List<String> rows = sessions.lines().filter(l -> l.startsWith("| s000")).toList();
    assertThat(rows).hasSize(5);
    assertThat(rows.get(0)).contains(SeedRun.LOST, SeedRun.AGENT, "| 41.2 ms | — |",
        "failed at provisioned: start-command-lost");
    assertThat(rows.get(1)).contains("| 6.123 s |", "completed");
  }

  @Test
  void isolationTableShowsEachCheckedSessionAndTheUncheckedOne() {
    String isolation = section(writer.render(SeedRun.failedRun()), "Isolation");
    assertThat(isolation).contains("4 of 4 checked sessions isolated; 1 not checked");
    assertThat(isolation).contains("| s0001 | — | — | — | not checked |");
    assertThat(isolation).contains("| s0002 | ✅ | ✅ | ✅ admin-firefox-browser-a77bb39b | ✅ |");
  }

  @Test
  void crossWiredDesktopIsShownAsAnIsolationBreach() {
    List<SessionResult> sessions = new ArrayList<>(SeedRun.sessions());
    SessionResult s = sessions.get(2);
    sessions.set(2, new SessionResult(s.id(), s.platformSession(), 1, "node-1", SeedRun.AGENT, Outcome.FAILED,
        Phase.TUNNEL_UP, new Diagnosis("vnc-cross-wired", List.of("desktop name admin-firefox-browser-efb6290e, "
        + "expected " + s.platformSession())), s.phasesMillis(),
        new Isolation(true, true, "admin-firefox-browser-efb6290e"), s.startedAt()));
    String md = writer.render(SeedRun.builder(sessions).build());
    assertThat(section(md, "Isolation")).contains("3 of 4 checked sessions isolated: 1 isolation breach",
        "| s0003 | ✅ | ✅ | ❌ admin-firefox-browser-efb6290e (another session's) | ❌ breach |");
    assertThat(section(md, "Issues discovered")).contains("**vnc-cross-wired**: Isolation breach");
  }

  @Test
  void criteriaTableHasTargetActualAndResult() {
    String criteria = section(writer.render(SeedRun.failedRun()), "Criteria");
    assertThat(criteria).contains("| Metric | Target | Actual | Result |",
        "| running.rate | == 100% | 80% (4 of 5) | ❌ **failed** |",
        "| podReady | p95 < 30s | 15.483s | ✅ passed |",
        "| leaked | == 0 | 0 | ✅ passed |");
  }

  @Test
  void issuesNameTheDiagnosisItsMeaningAndEvidence() {
    String issues = section(writer.render(SeedRun.failedRun()), "Issues discovered");
    assertThat(issues).contains("1 of 5 sessions failed.");
    assertThat(issues).contains("| s0001 | " + SeedRun.LOST + " | " + SeedRun.AGENT
        + " | provisioned | **start-command-lost** | " + String.join("<br>", SeedRun.LOST_EVIDENCE) + " |");
    assertThat(issues).contains("- **start-command-lost**: " + DiagnosisCodes.explain("start-command-lost"));
  }

  @Test
  void pipesAndHtmlInEvidenceAreEscaped() {
    List<SessionResult> sessions = new ArrayList<>(SeedRun.sessions());
    SessionResult s = sessions.get(0);
    sessions.set(0, new SessionResult(s.id(), s.platformSession(), 1, "node-1", SeedRun.AGENT, Outcome.FAILED,
        Phase.PROVISIONED, new Diagnosis("api-error", List.of("POST /api/v1/sessions answered 500: a|b <script>x")),
        s.phasesMillis(), null, s.startedAt()));
    String issues = section(writer.render(SeedRun.builder(sessions).build()), "Issues discovered");
    String row = issues.lines().filter(l -> l.startsWith("| s0001 |")).findFirst().orElseThrow();
    assertThat(row).contains("answered 500: a\\|b &lt;script>x |");
    // an unescaped pipe would add a column: the row keeps exactly the header's 7 separators
    assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(7);
  }

  @Test
  void passedRunSaysPassedFirst() {
    String md = writer.render(SeedRun.passedRun());
    assertThat(md.lines().findFirst()).contains("# PASSED: all 4 criteria met");
    assertThat(section(md, "Issues discovered")).contains("None: every session completed.");
  }

  @Test
  void erroredRunStartsWithTheErrorLineAndSaysNothingRan() {
    String md = writer.render(SeedRun.erroredRun());
    assertThat(md.lines().findFirst())
        .contains("# ERROR: platform unreachable: https://streamspace.example.com (connection refused)");
    assertThat(md).contains("exit code 3", "No session reached any phase.", "Not evaluated: the run did not finish.");
  }

  @Test
  void retainedAndLeakedResourcesAreListed() {
    List<SessionResult> sessions = SeedRun.sessions();
    String md = writer.render(SeedRun.builder(sessions, List.of(new RemainingResource(ResourceKind.POD,
        "admin-firefox-browser-efb6290e-866b5b4cbf-zpblt", "s0005", "still present 60s after the delete"))).build());
    String resources = section(md, "Resources after the run");
    assertThat(resources).contains("### Retained by design (5)",
        "| Session CR | " + SeedRun.LOST + " | s0001 | kept by design",
        "### Leaked (1)",
        "| Pod | admin-firefox-browser-efb6290e-866b5b4cbf-zpblt | s0005 | still present 60s after the delete |");
    assertThat(md.lines().findFirst().orElseThrow()).contains("FAILED:", "running.rate", "leaked == 0 (actual 1)");
  }
}
