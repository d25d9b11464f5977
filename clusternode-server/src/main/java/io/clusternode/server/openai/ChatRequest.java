package io.clusternode.server.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.ResponseFormat;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.server.http.ApiError;
import io.clusternode.server.http.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code POST /v1/chat/completions} body, parsed and checked field by field so that a wrong type gets an
 * answer naming the field. Unknown fields are ignored, as OpenAI-compatible servers do.
 *
 * @param model        the agent asked for
 * @param messages     the messages, in order
 * @param stream       whether to answer as server-sent events
 * @param includeUsage {@code stream_options.include_usage}: a last chunk with the usage
 * @param user         the {@code user} field (a session id when no {@code X-Session-Id} header is sent)
 * @param llm          sampling parameters and the caller's (client-side) tools
 */
public record ChatRequest(String model, List<Message> messages, boolean stream, boolean includeUsage, String user,
                          LlmConfig llm) {

    /**
     * Parses a request body.
     *
     * @throws ApiException 400 for malformed JSON, a wrong type, a missing field or an empty message list
     */
    public static ChatRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(ApiError.invalidJson("the request body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (java.io.IOException e) {
            throw new ApiException(ApiError.invalidJson("the request body cannot be read as JSON"));
        }
        if (root == null || !root.isObject()) {
            throw bad("the request body must be a JSON object");
        }
        String model = text(root, "model", true);
        JsonNode messagesNode = root.get("messages");
        if (messagesNode == null || !messagesNode.isArray()) {
            throw bad("'messages' must be an array of messages");
        }
        if (messagesNode.isEmpty()) {
            throw bad("'messages' must hold at least one message");
        }
        List<Message> messages = new ArrayList<>(messagesNode.size());
        for (int i = 0; i < messagesNode.size(); i++) {
            messages.add(message(messagesNode.get(i), "messages[" + i + "]"));
        }
        boolean stream = bool(root, "stream");
        boolean includeUsage = false;
        JsonNode options = root.get("stream_options");
        if (options != null && !options.isNull()) {
            if (!options.isObject()) {
                throw bad("'stream_options' must be an object");
            }
            includeUsage = bool(options, "include_usage");
        }
        LlmConfig llm = LlmConfig.defaults();
        try {
            llm = llm.withTemperature(number(root, "temperature"));
            llm = llm.withTopP(number(root, "top_p"));
            Double maxTokens = number(root, "max_completion_tokens");
            if (maxTokens == null) {
                maxTokens = number(root, "max_tokens");
            }
            llm = llm.withMaxTokens(maxTokens == null ? null : (int) Math.min(Integer.MAX_VALUE, maxTokens.longValue()));
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        llm = llm.withStop(stop(root.get("stop")));
        llm = llm.withTools(tools(root.get("tools")));
        llm = llm.withToolChoice(toolChoice(root.get("tool_choice")));
        JsonNode format = root.get("response_format");
        if (format != null && format.isObject() && "json_object".equals(format.path("type").asText())) {
            llm = llm.withResponseFormat(ResponseFormat.JSON_OBJECT);
        }
        return new ChatRequest(model, List.copyOf(messages), stream, includeUsage, text(root, "user", false), llm);
    }

    private static Message message(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw bad("'" + where + "' must be an object with a 'role'");
        }
        String roleName = text(node, "role", true, where + ".role");
        Role role = switch (roleName.toLowerCase(Locale.ROOT)) {
            case "system", "developer" -> Role.SYSTEM;
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            case "tool" -> Role.TOOL;
            default -> throw bad("'" + where + ".role' must be system, developer, user, assistant or tool");
        };
        String content = content(node.get("content"), where + ".content");
        List<ToolCall> calls = List.of();
        String toolCallId = null;
        if (role == Role.ASSISTANT) {
            calls = toolCalls(node.get("tool_calls"), where + ".tool_calls");
        } else if (role == Role.TOOL) {
            toolCallId = text(node, "tool_call_id", true, where + ".tool_call_id");
        }
        if (role != Role.ASSISTANT && content == null) {
            throw bad("'" + where + ".content' is required for a " + roleName + " message");
        }
        return new Message(role, content, calls, toolCallId);
    }

    /** A string, or an array of content parts of which the text parts are joined. */
    private static String content(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : node) {
                if (!part.isObject() || !"text".equals(part.path("type").asText())) {
                    throw bad("'" + where + "' parts must be text parts ({\"type\":\"text\",\"text\":...});"
                            + " other kinds are not supported");
                }
                text.append(part.path("text").asText());
            }
            return text.toString();
        }
        throw bad("'" + where + "' must be a string or an array of text parts");
    }

    private static List<ToolCall> toolCalls(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw bad("'" + where + "' must be an array");
        }
        List<ToolCall> calls = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode call = node.get(i);
            String at = where + "[" + i + "]";
            if (!call.isObject() || !call.path("function").isObject()) {
                throw bad("'" + at + "' must be an object with an 'id' and a 'function'");
            }
            calls.add(new ToolCall(text(call, "id", true, at + ".id"),
                    text(call.get("function"), "name", true, at + ".function.name"),
                    text(call.get("function"), "arguments", false, at + ".function.arguments")));
        }
        return calls;
    }

    private static List<ToolDefinition> tools(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw bad("'tools' must be an array");
        }
        List<ToolDefinition> tools = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode tool = node.get(i);
            String at = "tools[" + i + "]";
            if (!tool.isObject() || !"function".equals(tool.path("type").asText())
                    || !tool.path("function").isObject()) {
                throw bad("'" + at + "' must be {\"type\":\"function\",\"function\":{...}}");
            }
            JsonNode function = tool.get("function");
            JsonNode parameters = function.get("parameters");
            if (parameters == null || parameters.isNull()) {
                parameters = Json.object().put("type", "object");
            } else if (!parameters.isObject()) {
                throw bad("'" + at + ".function.parameters' must be a JSON schema object");
            }
            tools.add(new ToolDefinition(text(function, "name", true, at + ".function.name"),
                    text(function, "description", false, at + ".function.description"), parameters));
        }
        return tools;
    }

    private static String toolChoice(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isObject() && node.path("function").path("name").isTextual()) {
            return node.path("function").path("name").asText();
        }
        throw bad("'tool_choice' must be none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}");
    }

    private static List<String> stop(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (node.isArray()) {
            List<String> values = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw bad("'stop' must be a string or an array of strings");
                }
                values.add(item.asText());
            }
            return values;
        }
        throw bad("'stop' must be a string or an array of strings");
    }

    private static String text(JsonNode node, String field, boolean required) {
        return text(node, field, required, field);
    }

    private static String text(JsonNode node, String field, boolean required, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw bad("'" + where + "' is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw bad("'" + where + "' must be a string");
        }
        if (required && value.asText().isEmpty()) {
            throw bad("'" + where + "' must not be empty");
        }
        return value.asText();
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw bad("'" + field + "' must be true or false");
        }
        return value.asBoolean();
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw bad("'" + field + "' must be a number");
        }
        return value.asDouble();
    }

    private static ApiException bad(String message) {
        return new ApiException(ApiError.badRequest(message));
    }
}
