package io.clusternode.workflow.spi;

import io.clusternode.core.spi.ToolProvider;
import java.util.List;

/** A tool sub-node: supplies its root node with a tool, or (a toolkit, such as an MCP client) with several. */
public interface ToolNode extends WorkflowNode {

    /**
     * The tool for one root-node run. Return the same instance whenever it does not depend on the run, so the
     * root node can reuse what it built around it.
     */
    ToolProvider tool(SubNodeScope scope);

    /**
     * The tools for one root-node run: the one {@link #tool} by default. A toolkit overrides this (and
     * {@link #toolkit()}); return the same instances whenever they do not depend on the run.
     */
    default List<ToolProvider> tools(SubNodeScope scope) {
        return List.of(tool(scope));
    }

    /**
     * Whether the node supplies a set of tools under their own names (n8n's toolkits, e.g. an MCP client), which
     * the agent does not rename after the node as it renames a single tool.
     */
    default boolean toolkit() {
        return false;
    }
}
