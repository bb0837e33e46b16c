package io.loadstone.orchestrator.cleanup;

/** Where cleanup learnt of a platform session of the run. */
public enum SessionSource {
  /** a line of the run's {@code events.jsonl} names it ({@code platformSession}) */
  EVENTS("events"),
  /** the platform's list answer shows it tagged {@code loadstone-run=<run id>} */
  TAG("tag");

  private final String label;

  SessionSource(String label) {
    this.label = label;
  }

  /** How the report names it. */
  public String label() {
    return label;
  }
}
