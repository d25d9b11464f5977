package io.clusternode.core.spi;

import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.Message;
import java.util.List;

/** The root node: orchestrates its model, memory and tools to answer the input messages. */
public interface AgentProvider extends SubNodeProvider {

    AgentResponse execute(List<Message> messages, AgentConfig config);

    /** Like {@link #execute}, passing the model's answer pieces to {@code listener} as they arrive. */
    AgentResponse execute(List<Message> messages, AgentConfig config, StreamListener listener);
}
