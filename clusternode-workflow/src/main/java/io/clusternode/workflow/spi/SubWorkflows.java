package io.clusternode.workflow.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.workflow.Item;
import java.util.List;

/** Runs a workflow from its {@code executeWorkflowTrigger} node, as {@code toolWorkflow} does. */
public interface SubWorkflows {

    /**
     * Whether the reference names a workflow this one can call: its own id, its own file name, or (when the
     * workflow has no id) any id, which then means the workflow itself, as an exported template calling itself.
     */
    boolean resolves(String workflowReference);

    /** Runs the referenced workflow with one input item and returns its last node's items. */
    List<Item> call(String workflowReference, ObjectNode input, NodeRun caller);
}
