package io.clusternode.workflow.spi;

import io.clusternode.core.spi.Settings;
import io.clusternode.workflow.credentials.Credential;
import io.clusternode.workflow.expression.Expressions;
import io.clusternode.workflow.model.NodeSpec;
import java.util.List;

/** What a node type sees while a node is created for a bound workflow. */
public interface NodeContext {

    NodeSpec node();

    /**
     * The credential of a type the node names (or, when it names none, the only one of that type).
     *
     * @throws io.clusternode.core.error.NodeExecutionException with {@code MISSING_CREDENTIAL} naming the node and
     *         the type when neither the credentials file nor the environment has it
     */
    Credential credential(String type);

    /** Environment and configuration values. */
    Settings settings();

    Expressions expressions();

    /** The sub-nodes attached to this (root) node through a connection type, by input index. */
    List<Attached> attached(String connectionType);

    /** Runs workflows from their {@code executeWorkflowTrigger}, for nodes that call workflows. */
    SubWorkflows subWorkflows();

    /**
     * A sub-node attached to a root node.
     *
     * @param spec  the sub-node as written
     * @param index the root node's input index it is connected to (a fallback model uses 1)
     * @param node  the created sub-node
     */
    record Attached(NodeSpec spec, int index, WorkflowNode node) {
    }
}
