package io.loadstone.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {
  @TempDir
  Path tmp;

  @Test
  void writeAllCreatesTheFolderAndTheThreeFiles() throws Exception {
    Path dir = tmp.resolve("runs").resolve(SeedRun.RUN.value());
    ReportFiles.Written written = ReportFiles.writeAll(dir, SeedRun.failedRun());
    assertThat(written.resultsJson()).isEqualTo(dir.resolve("results.json"));
    assertThat(written.reportMarkdown()).isEqualTo(dir.resolve("report.md"));
    assertThat(written.junitXml()).isEqualTo(dir.resolve("junit.xml"));
    assertThat(Files.readString(written.reportMarkdown(), StandardCharsets.UTF_8))
        .isEqualTo(new MarkdownReportWriter().render(SeedRun.failedRun()));
    assertThat(Files.readString(written.resultsJson())).startsWith("{\n  \"schema\": 1,");
    assertThat(Files.readString(written.junitXml())).startsWith("<?xml");
  }

  @Test
  void writeAllReplacesEarlierFilesAndLeavesNoTemporaryFile() throws Exception {
    ReportFiles.writeAll(tmp, SeedRun.failedRun());
    ReportFiles.Written again = ReportFiles.writeAll(tmp, SeedRun.passedRun());
    assertThat(Files.readString(again.reportMarkdown())).startsWith("# PASSED");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("results.json", "report.md", "junit.xml");
    }
  }
}
