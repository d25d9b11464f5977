package io.clusternode.workflow;

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
}
