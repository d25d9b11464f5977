package io.clusternode.workflow.model;

import java.util.Objects;

/**
 * One connection of a workflow: from an output of the source node to an input of the target node. For
 * sub-nodes (chat models, memories, tools) the sub-node is the source and the root node the target, as in n8n.
 *
 * @param source       source node name
 * @param type         connection type: {@code main}, {@code ai_languageModel}, {@code ai_memory}, {@code ai_tool}, ...
 * @param sourceOutput index of the source's output (for {@code if}: 0 true, 1 false)
 * @param target       target node name
 * @param targetInput  index of the target's input of that type (a fallback model uses index 1)
 */
public record Connection(String source, String type, int sourceOutput, String target, int targetInput) {

    public static final String MAIN = "main";
    public static final String LANGUAGE_MODEL = "ai_languageModel";
    public static final String MEMORY = "ai_memory";
    public static final String TOOL = "ai_tool";

    public Connection {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
    }

    public boolean isMain() {
        return MAIN.equals(type);
    }
}
