package io.loadstone.orchestrator.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a run's three report files into its folder. Each file appears whole or not at all: it is written to a
 * temporary file in the same folder and moved into place (atomically where the file system can), so a reader or
 * a crash never sees half a report. Blocking file I/O: call it from a worker thread, never an event loop.
 */
public final class ReportFiles {
  private static final List<ReportWriter> WRITERS = List.of(
      new ResultsJsonWriter(), new MarkdownReportWriter(), new JunitXmlWriter());

  private ReportFiles() {
  }

  /** Where the files were written. */
  public record Written(Path resultsJson, Path reportMarkdown, Path junitXml) {
    public List<Path> all() {
      return List.of(resultsJson, reportMarkdown, junitXml);
    }
  }

  /**
   * Creates {@code dir} (and its parents) if needed and writes {@code results.json}, {@code report.md} and
   * {@code junit.xml}, replacing earlier ones.
   *
   * @throws IOException naming the file that could not be written
   */
  public static Written writeAll(Path dir, RunReport report) throws IOException {
    Files.createDirectories(dir);
    Path[] paths = new Path[WRITERS.size()];
    for (int i = 0; i < WRITERS.size(); i++) {
      ReportWriter writer = WRITERS.get(i);
      paths[i] = write(dir.resolve(writer.fileName()), writer.render(report));
    }
    return new Written(paths[0], paths[1], paths[2]);
  }

  private static Path write(Path target, String content) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
