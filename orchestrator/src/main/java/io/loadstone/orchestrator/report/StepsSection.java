package io.loadstone.orchestrator.report;

import static io.loadstone.orchestrator.report.MarkdownText.cell;

import io.loadstone.orchestrator.steps.StepResult;
import java.util.Locale;

/** The report's "Steps" section: when each of the plan's steps fired and what it did, or why it did not. */
final class StepsSection {
  private StepsSection() {
  }

  static void render(StringBuilder out, RunReport r) {
    if (r.steps().isEmpty()) {
      return;
    }
    out.append("## Steps\n\n");
    out.append("Times since the run opened (jobs first handed out), on the orchestrator's clock.\n\n");
    out.append("| Step | Fired at | Status | What happened |\n|---|---:|---|---|\n");
    for (StepResult s : r.steps()) {
      out.append("| ").append(cell(s.description())).append(" | ")
          .append(Double.isNaN(s.firedMs()) ? MarkdownText.NONE
              : String.format(Locale.ROOT, "%.1f s", s.firedMs() / 1000.0))
          .append(" | ").append(s.passed() ? s.status().id() : "**" + s.status().id() + "**")
          .append(" | ").append(cell(s.detail())).append(" |\n");
    }
    out.append('\n');
  }
}
