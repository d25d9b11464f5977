package io.clusternode.workflow.spi;

import io.clusternode.workflow.model.Connection;

/** What a node is in a workflow: how it is started and how it connects. */
public enum NodeRole {
    /** Starts a run: the first node, given the run's input ({@link TriggerNode}). */
    TRIGGER(Connection.MAIN),
    /** Takes items on {@code main} and emits items ({@link MainNode}); root nodes such as the agent too. */
    MAIN(Connection.MAIN),
    /** A chat model sub-node ({@link ChatModelNode}). */
    LANGUAGE_MODEL(Connection.LANGUAGE_MODEL),
    /** A memory sub-node ({@link MemoryNode}). */
    MEMORY(Connection.MEMORY),
    /** A tool sub-node ({@link ToolNode}). */
    TOOL(Connection.TOOL);

    private final String connectionType;

    NodeRole(String connectionType) {
        this.connectionType = connectionType;
    }

    /** The connection type its outgoing connections have. */
    public String connectionType() {
        return connectionType;
    }

    public boolean isSubNode() {
        return this == LANGUAGE_MODEL || this == MEMORY || this == TOOL;
    }
}
