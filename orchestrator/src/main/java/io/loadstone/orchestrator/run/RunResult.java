package io.loadstone.orchestrator.run;

import io.loadstone.common.message.SessionJob;
import io.loadstone.common.message.SessionOutcome;
import io.loadstone.orchestrator.metrics.PhaseAggregator;
import io.loadstone.orchestrator.steps.StepResult;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the run observed.
 *
 * @param jobs      every slot's first job, in slot order
 * @param owners    slot id -> the worker that ran its last attempt
 * @param outcomes  slot id -> its outcome (missing when the run timed out without one)
 * @param phases    the deduplicated phase events and their histograms
 * @param timedOut  true when the safety timeout ended the run
 * @param workers   the workers that joined (cluster runs; empty otherwise)
 * @param lost      the workers whose node left mid-run, with when
 * @param recovered slot ids re-offered after their worker was lost or drained
 * @param attempts  slot id -> its latest attempt number
 * @param steps     how each of the plan's steps ended, in plan order (empty without steps)
 * @param users     the users each worker was given when the work was split by user (else empty)
 */
public record RunResult(List<SessionJob> jobs, Map<String, String> owners, Map<String, SessionOutcome> outcomes,
                        PhaseAggregator phases, boolean timedOut, List<WorkerRegistry.Worker> workers,
                        List<WorkerRegistry.Lost> lost, Set<String> recovered, Map<String, Integer> attempts,
                        List<StepResult> steps, Map<String, List<String>> users) {
}
