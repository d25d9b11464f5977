package io.clusternode.workflow.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.workflow.RunListener;
import io.clusternode.workflow.expression.ExpressionScope;
import io.clusternode.workflow.expression.Expressions;
import io.clusternode.workflow.model.NodeSpec;

/** What a sub-node sees while its root node runs. */
public interface SubNodeScope {

    /** The root node the sub-node is attached to. */
    NodeSpec root();

    /** The root node's run. */
    NodeRun rootRun();

    /** Expressions of sub-node parameters resolve against the root node's first input item, as in n8n. */
    ExpressionScope scope();

    /** A parameter of the sub-node with its expressions evaluated in {@link #scope()}. */
    JsonNode parameter(NodeSpec subNode, String path);

    Expressions expressions();

    RunListener listener();

    /** The name of the run's chat trigger, or null (memory nodes fall back to its {@code sessionId}). */
    String chatTriggerName();
}
