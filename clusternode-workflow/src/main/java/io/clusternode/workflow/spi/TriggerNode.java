package io.clusternode.workflow.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.workflow.RunRequest;
import java.util.List;

/** A node that starts a run. */
public interface TriggerNode extends WorkflowNode {

    /** The items the trigger emits for a run request (usually one). */
    List<ObjectNode> start(RunRequest request);

    /** Whether this trigger takes chat messages ({@code -m TEXT}). */
    default boolean acceptsChat() {
        return false;
    }
}
