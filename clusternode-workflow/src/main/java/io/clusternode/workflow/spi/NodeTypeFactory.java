package io.clusternode.workflow.spi;

import io.clusternode.workflow.model.NodeSpec;
import java.util.List;
import java.util.Set;

/**
 * Adds node types to the workflow engine. Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.clusternode.workflow.spi.NodeTypeFactory}); a factory listed later never
 * replaces a built-in type.
 */
public interface NodeTypeFactory {

    /** The node types this factory creates, as written in workflow files ({@code n8n-nodes-base.set}). */
    Set<String> types();

    /** The role a node of one of these types plays. */
    NodeRole role(NodeSpec node);

    /**
     * Why a node of one of these types cannot run (a type version or an option that is not supported), or null
     * when it can. Called at load time, before anything runs.
     */
    default String unsupportedReason(NodeSpec node) {
        return null;
    }

    /**
     * Problems of the node's connections found at load time, e.g. a root node without its required chat
     * model; each is one message naming the node. The default finds none.
     */
    default List<String> connectionProblems(NodeSpec node, WorkflowGraph graph) {
        return List.of();
    }

    /**
     * Creates the node for a workflow being bound to credentials. Called once per bound workflow; the node is
     * shared by all runs, so it must be thread-safe.
     *
     * @throws io.clusternode.core.error.NodeExecutionException with {@code MISSING_CREDENTIAL} or
     *         {@code INVALID_INPUT} when the node cannot be configured
     */
    WorkflowNode create(NodeContext context);
}
