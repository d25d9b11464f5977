package io.clusternode.core.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * How memories store a message's tool calls: a JSON array of {@code {"id", "name", "arguments"}} objects,
 * the arguments kept as the exact string the model sent.
 */
public final class ToolCallCodec {

    private ToolCallCodec() {
    }

    /** The calls as a JSON array text. */
    public static String toJson(List<ToolCall> calls) {
        return toArray(calls).toString();
    }

    /** The calls as a JSON array node, for backends that embed them in a larger document. */
    public static ArrayNode toArray(List<ToolCall> calls) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ToolCall call : calls) {
            array.addObject().put("id", call.id()).put("name", call.name()).put("arguments", call.arguments());
        }
        return array;
    }

    /**
     * The calls of a stored JSON array text.
     *
     * @throws io.clusternode.core.error.NodeExecutionException when the text is not JSON
     */
    public static List<ToolCall> fromJson(String json) {
        return fromArray(Json.parse(json, "stored tool calls"));
    }

    /** The calls of a stored JSON array node. */
    public static List<ToolCall> fromArray(JsonNode array) {
        List<ToolCall> calls = new ArrayList<>(array.size());
        for (JsonNode call : array) {
            calls.add(new ToolCall(call.path("id").asText(), call.path("name").asText(),
                    call.path("arguments").asText()));
        }
        return calls;
    }
}
