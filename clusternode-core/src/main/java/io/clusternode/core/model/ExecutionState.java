package io.clusternode.core.model;

import java.util.List;

/**
 * What happened during an agent run.
 *
 * @param iterations  loop iterations (model calls of the primary loop)
 * @param modelCalls  model calls, including fallback calls
 * @param toolCalls   tool executions
 * @param usage       token usage summed over all model calls
 * @param steps       per-step timings, in the order the steps started
 * @param totalNanos  wall time of the whole run
 */
public record ExecutionState(int iterations, int modelCalls, int toolCalls, Usage usage, List<StepTiming> steps,
                             long totalNanos) {

    public double totalMillis() {
        return totalNanos / 1_000_000.0;
    }
}
