package io.clusternode.workflow;

import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.spi.StreamListener;
import io.clusternode.workflow.model.NodeSpec;

/** Follows a run: each node as it runs, and each step of an agent (model and tool calls). Called on the run's thread. */
public interface RunListener {

    RunListener NONE = new RunListener() { };

    default void nodeStarted(NodeSpec node) {
    }

    /** A node finished, emitting {@code items} items in {@code nanos}. */
    default void nodeFinished(NodeSpec node, int items, long nanos) {
    }

    /** One step inside a node, e.g. {@code tool Calculator {"input":"5*5"} -> 25}. */
    default void step(NodeSpec node, String description, long nanos) {
    }

    /**
     * Where an agent node streams its answer while it runs (the server's streamed chat answers); the default,
     * {@link StreamListener#NONE}, makes the agent call its model without streaming.
     */
    default StreamListener stream(NodeSpec node) {
        return StreamListener.NONE;
    }

    /** An agent node finished one run of its agent (usage, tool calls and timings are in the response). */
    default void agentFinished(NodeSpec node, AgentResponse response) {
    }
}
