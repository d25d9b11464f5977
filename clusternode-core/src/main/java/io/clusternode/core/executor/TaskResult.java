package io.clusternode.core.executor;

import io.clusternode.core.model.ExecutionState;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.NodeType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result of one task execution.
 *
 * @param taskId        the registered id that ran
 * @param type          the node type that ran
 * @param content       the answer of a model or agent task, a tool task's result (empty when the tool returned
 *                      none); empty for a memory task
 * @param messages      a model task: the assistant message; a memory task: the retrieved messages;
 *                      an agent task: the stored turn
 * @param usage         token usage (zero for memory tasks)
 * @param durationNanos wall time of the execution
 * @param state         an agent task's execution state; null otherwise
 */
public record TaskResult(String taskId, NodeType type, String content, List<Message> messages, Usage usage,
                         long durationNanos, @Nullable ExecutionState state) {

    public double durationMillis() {
        return durationNanos / 1_000_000.0;
    }
}
