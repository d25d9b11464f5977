package io.clusternode.core.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result of an agent run.
 *
 * @param content      the final answer
 * @param reasoning    the reasoning text of the final model call, when the model gives one; else null
 * @param finishReason the final model call's finish reason ({@code tool_calls} when the run stops for the
 *                     caller's tools); null when the endpoint gave none
 * @param turn         the messages of this turn (input, assistant and tool messages) as stored in memory
 * @param state        iterations, calls, usage and timings
 */
public record AgentResponse(String content, @Nullable String reasoning, @Nullable String finishReason,
                            List<Message> turn, ExecutionState state) {
}
