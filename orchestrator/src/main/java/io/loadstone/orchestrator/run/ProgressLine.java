package io.loadstone.orchestrator.run;

import io.loadstone.common.phase.Phase;
import io.loadstone.orchestrator.metrics.PhaseAggregator;
import io.loadstone.orchestrator.steps.StepRunner;

/** The run's live progress: one line of counts per phase, outcomes, and the workers and steps when there are any. */
final class ProgressLine {
  private ProgressLine() {
  }

  /**
   * E.g. {@code created 5/5  provisioned 5  ...  done 2/5, failed 0}; {@code workers} null without a cluster,
   * {@code steps} null without steps.
   */
  static String of(PhaseAggregator phases, JobBook book, WorkerRegistry workers, StepRunner steps) {
    StringBuilder line = new StringBuilder();
    for (Phase p : Phase.values()) {
      line.append(p.id()).append(' ').append(phases.count(p));
      line.append(p == Phase.CREATED ? "/" + book.size() + "  " : "  ");
    }
    line.append("| done ").append(book.outcomeCount()).append('/').append(book.size()).append(", failed ")
        .append(book.failed());
    if (workers != null) {
      line.append(" | workers ").append(workers.live());
      if (!workers.lost().isEmpty()) {
        line.append(" (").append(workers.lost().size()).append(" lost, ").append(book.recoveredCount())
            .append(" sessions re-offered)");
      }
    }
    if (steps != null) {
      line.append(" | ").append(steps.progress());
    }
    return line.toString();
  }
}
