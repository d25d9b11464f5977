package io.clusternode.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.workflow.RunRequest;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.TriggerNode;
import java.util.List;

/** The trigger nodes: what item each emits for a run request. */
final class Triggers {

    private Triggers() {
    }

    private static ObjectNode input(RunRequest request) {
        return request.input() == null ? Json.object() : request.input().deepCopy();
    }

    private static String session(RunRequest request, ObjectNode item) {
        if (request.sessionId() != null) {
            return request.sessionId();
        }
        JsonNode given = item.get("sessionId");
        return given != null && given.isTextual() ? given.textValue() : AgentConfig.DEFAULT_SESSION;
    }

    /** {@code manualTrigger}: the input item, or one empty item. */
    static TriggerNode manual() {
        return request -> List.of(input(request));
    }

    /** {@code chatTrigger}: {@code {sessionId, action: "sendMessage", chatInput}}, as the chat widget posts it. */
    static TriggerNode chat() {
        return new TriggerNode() {
            @Override
            public List<ObjectNode> start(RunRequest request) {
                ObjectNode item = Json.object();
                ObjectNode given = request.input();
                item.put("sessionId", request.sessionId() != null || given == null
                        ? (request.sessionId() != null ? request.sessionId() : AgentConfig.DEFAULT_SESSION)
                        : session(request, given));
                item.put("action", "sendMessage");
                item.put("chatInput", request.message() != null ? request.message()
                        : given == null ? "" : given.path("chatInput").asText(""));
                if (given != null) {
                    given.fields().forEachRemaining(f -> {
                        if (!item.has(f.getKey())) {
                            item.set(f.getKey(), f.getValue().deepCopy());
                        }
                    });
                }
                return List.of(item);
            }

            @Override
            public boolean acceptsChat() {
                return true;
            }
        };
    }

    /** {@code manualChatTrigger} (legacy): the message as {@code input}, plus the session. */
    static TriggerNode manualChat() {
        return new TriggerNode() {
            @Override
            public List<ObjectNode> start(RunRequest request) {
                ObjectNode item = input(request);
                item.put("sessionId", session(request, item));
                if (request.message() != null) {
                    item.put("input", request.message());
                    item.put("chatInput", request.message());
                }
                return List.of(item);
            }

            @Override
            public boolean acceptsChat() {
                return true;
            }
        };
    }

    /** {@code webhook}: {@code {headers, params, query, body}}; the input fills what it gives. */
    static TriggerNode webhook() {
        return request -> {
            ObjectNode given = input(request);
            ObjectNode item = Json.object();
            for (String part : List.of("headers", "params", "query")) {
                item.set(part, given.path(part).isObject() ? given.get(part) : Json.object());
            }
            item.set("body", given.has("body") ? given.get("body") : Json.object());
            given.fields().forEachRemaining(f -> {
                if (!item.has(f.getKey())) {
                    item.set(f.getKey(), f.getValue());
                }
            });
            return List.of(item);
        };
    }

    /** {@code executeWorkflowTrigger}: the caller's item, limited to the declared inputs when there are any. */
    static TriggerNode executeWorkflow(NodeSpec node) {
        JsonNode declared = node.parameter("workflowInputs.values");
        return request -> {
            ObjectNode given = input(request);
            if (!declared.isArray() || declared.isEmpty()) {
                return List.of(given);
            }
            ObjectNode item = Json.object();
            for (JsonNode field : declared) {
                String name = field.path("name").asText();
                item.set(name, given.has(name) ? given.get(name) : Json.MAPPER.nullNode());
            }
            return List.of(item);
        };
    }
}
