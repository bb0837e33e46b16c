package io.loadstone.orchestrator.report;

import io.loadstone.common.plan.criteria.CriterionResult;
import java.util.List;
import java.util.Locale;

/**
 * How a run ended. {@link #PASSED} and {@link #FAILED} come from the criteria alone (a run whose sessions
 * partly failed is still FAILED only if a criterion says so, and PASSED never hides a failed criterion);
 * {@link #ERROR} means the run could not be carried out (platform unreachable, login refused, ...).
 */
public enum Verdict {
  PASSED(0), FAILED(1), ERROR(3);

  private final int defaultExitCode;

  Verdict(int defaultExitCode) {
    this.defaultExitCode = defaultExitCode;
  }

  /** {@code passed}, {@code failed} or {@code error}, as in {@code results.json}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The process exit code for this verdict: 0, 1, or 3 (infrastructure error). */
  public int defaultExitCode() {
    return defaultExitCode;
  }

  /** PASSED when every criterion passed (vacuously so with none), FAILED otherwise. */
  public static Verdict fromCriteria(List<CriterionResult> criteria) {
    return criteria.stream().allMatch(CriterionResult::passed) ? PASSED : FAILED;
  }
}
