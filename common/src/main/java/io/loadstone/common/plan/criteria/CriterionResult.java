package io.loadstone.common.plan.criteria;

/**
 * One criterion evaluated.
 *
 * @param metric      the metric as written in the plan, e.g. {@code running.rate}
 * @param expression  the expression as written, e.g. {@code == 100%}
 * @param actual      the measured value for people: {@code 6.2s}, {@code 80% (4 of 5)}, {@code 0}, or why there
 *                    is none ({@code no data: no session reached podReady})
 * @param actualValue the measured value in the criterion's unit (milliseconds for latencies, a fraction from 0 to
 *                    1 for rates, a count otherwise), or null when there is no data (the criterion then fails)
 * @param passed      whether the criterion holds
 */
public record CriterionResult(String metric, String expression, String actual, Double actualValue, boolean passed) {
}
