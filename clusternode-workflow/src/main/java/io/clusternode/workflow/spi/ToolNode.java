package io.clusternode.workflow.spi;

import io.clusternode.core.spi.ToolProvider;

/** A tool sub-node: supplies its root node with a tool. */
public interface ToolNode extends WorkflowNode {

    /**
     * The tool for one root-node run. Return the same instance whenever it does not depend on the run, so the
     * root node can reuse what it built around it.
     */
    ToolProvider tool(SubNodeScope scope);
}
