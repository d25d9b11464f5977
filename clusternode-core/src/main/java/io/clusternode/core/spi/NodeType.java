package io.clusternode.core.spi;

/**
 * The type of a node, named after the connection that attaches it to a root node
 * (the names n8n uses for cluster nodes).
 */
public enum NodeType {
    LANGUAGE_MODEL("ai_languageModel"),
    MEMORY("ai_memory"),
    TOOL("ai_tool"),
    AGENT("main");

    private final String connectionType;

    NodeType(String connectionType) {
        this.connectionType = connectionType;
    }

    /** The connection type that attaches a node of this type, e.g. {@code ai_languageModel}. */
    public String connectionType() {
        return connectionType;
    }
}
