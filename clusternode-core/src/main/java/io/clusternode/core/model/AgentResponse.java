package io.clusternode.core.model;

import java.util.List;

/**
 * The result of an agent run.
 *
 * @param content      the final answer
 * @param reasoning    the reasoning text of the final model call, when the model gives one; else null
 * @param finishReason the final model call's finish reason
 * @param turn         the messages of this turn (input, assistant and tool messages) as stored in memory
 * @param state        iterations, calls, usage and timings
 */
public record AgentResponse(String content, String reasoning, String finishReason, List<Message> turn,
                            ExecutionState state) {
}
