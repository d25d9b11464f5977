package io.clusternode.workflow.spi;

import io.clusternode.workflow.model.Connection;
import io.clusternode.workflow.model.NodeSpec;
import java.util.List;

/** A read-only view of a workflow's nodes and connections, for load-time checks. */
public interface WorkflowGraph {

    /** The enabled connections of a type that end at a node. */
    List<Connection> incoming(String nodeName, String connectionType);

    /** The node of that name, or null. */
    NodeSpec node(String name);
}
