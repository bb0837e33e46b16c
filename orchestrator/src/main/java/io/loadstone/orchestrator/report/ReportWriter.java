package io.loadstone.orchestrator.report;

/** Renders a {@link RunReport} as one output file. Implementations are stateless and thread-safe. */
public interface ReportWriter {
  /** The file's name in the run folder, e.g. {@code report.md}. */
  String fileName();

  /** The file's whole content. */
  String render(RunReport report);
}
