package io.loadstone.orchestrator.steps;

/**
 * How one step ended.
 *
 * @param index       its position in the plan, from 0
 * @param description the step for people, e.g. {@code step 1 (at 20s: agent-disconnect agent=k8s-agent-1 for=15s)}
 * @param status      how it ended
 * @param firedMs     when it fired (acted), in ms since the run opened; NaN when it never fired
 * @param firedNanos  {@code System.nanoTime()} of this JVM when it fired, or -1
 * @param detail      what it did or why it did not, one line
 */
public record StepResult(int index, String description, Status status, double firedMs, long firedNanos,
                         String detail) {
  /** How a step ended. */
  public enum Status {
    /** it fired and its action was carried out */
    DONE("done"),
    /** its action was refused or went wrong */
    FAILED("failed"),
    /** its {@code after} condition was not observed within its timeout */
    TIMED_OUT("timed out"),
    /** a step before it did not end done, or the run ended first */
    SKIPPED("skipped");

    private final String id;

    Status(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public boolean passed() {
    return status == Status.DONE;
  }
}
