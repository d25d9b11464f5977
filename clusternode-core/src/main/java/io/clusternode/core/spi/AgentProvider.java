package io.clusternode.core.spi;

import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.Message;
import java.util.List;

/**
 * The root node: orchestrates its model, memory and tools to answer the input messages. Implementations are
 * thread-safe; one provider serves any number of concurrent runs.
 */
public interface AgentProvider extends SubNodeProvider {

    /**
     * Runs the agent on {@code messages} (usually one user message) and blocks until it has a final answer.
     *
     * @param messages the new input of this turn; the session's earlier history is loaded from memory
     * @param config   session, system prompt, iteration limit and model settings of this run
     * @return the answer, the turn as stored, and what the run did
     * @throws io.clusternode.core.error.NodeExecutionException {@code INVALID_INPUT} for no messages,
     *         {@code INVALID_SESSION_ID} for a bad session id, {@code MAX_ITERATIONS_EXCEEDED}, or the failure of
     *         the model or memory (tool failures are handed to the model as text instead); nothing is stored then
     */
    AgentResponse execute(List<Message> messages, AgentConfig config);

    /**
     * Like {@link #execute(List, AgentConfig)}, passing the model's answer pieces to {@code listener} as they
     * arrive (on the calling thread, in order).
     *
     * @param listener receives answer and reasoning text; {@link StreamListener#NONE} for none
     * @throws io.clusternode.core.error.NodeExecutionException as {@link #execute(List, AgentConfig)}; pieces
     *         already passed to the listener are not taken back
     */
    AgentResponse execute(List<Message> messages, AgentConfig config, StreamListener listener);
}
