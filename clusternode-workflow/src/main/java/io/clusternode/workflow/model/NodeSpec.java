package io.clusternode.workflow.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * One node of a workflow file, as written.
 *
 * @param id          the node's id (any string)
 * @param name        the unique name connections and {@code $('Name')} refer to
 * @param type        {@code <package>.<nodeName>}, e.g. {@code @n8n/n8n-nodes-langchain.agent}
 * @param typeVersion the node type's version, e.g. 1, 1.2, 3.1
 * @param parameters  the parameters as written (absent ones take the node type's defaults)
 * @param credentials credential type to the credential's name, e.g. {@code openAiApi -> "OpenAi account"}
 * @param disabled    whether the node is switched off (n8n passes items through a disabled node)
 * @param position    canvas position {@code [x, y]}, which orders sibling branches
 * @param webhookId   the node's {@code webhookId} (trigger nodes reached over HTTP), or null
 */
// position is copied on construction and only read to order branches; a two-element array keeps it cheap
@SuppressWarnings("ArrayRecordComponent")
public record NodeSpec(String id, String name, String type, double typeVersion, ObjectNode parameters,
                       Map<String, String> credentials, boolean disabled, double[] position, String webhookId) {

    public NodeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(parameters, "parameters");
        credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
        position = position == null || position.length < 2 ? new double[] {0, 0} : position.clone();
    }

    /** The type without its package, e.g. {@code agent}. */
    public String shortType() {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(dot + 1);
    }

    /** The version as n8n prints it: {@code 1}, {@code 1.2}. */
    public String versionText() {
        return typeVersion == Math.rint(typeVersion) ? Long.toString((long) typeVersion) : Double.toString(typeVersion);
    }

    /** A parameter by dotted path ({@code options.systemMessage}); a missing node when absent. */
    public JsonNode parameter(String path) {
        JsonNode current = parameters;
        for (String part : path.split("\\.", -1)) {
            current = current.path(part);
        }
        return current;
    }

    /** {@code node 'Name' (type vX)}, the way every message names a node. */
    public String describe() {
        return "node '" + name + "' (" + type + " v" + versionText() + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeSpec that && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return describe();
    }
}
