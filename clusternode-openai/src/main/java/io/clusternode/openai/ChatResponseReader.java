package io.clusternode.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads chat-completion objects and stream chunks with a streaming {@link JsonParser} into a
 * {@link ResponseAssembler}: no tree model and no POJO binding, unknown fields skipped without being
 * materialised. A whole completion carries {@code choices[0].message}, a chunk {@code choices[0].delta};
 * both have the same inner shape, so one reader serves both.
 */
final class ChatResponseReader {

    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    private ChatResponseReader() {
    }

    /** Thrown when a body is an error object ({@code {"error":{"message":...}}}) rather than a completion. */
    static final class ErrorBody extends IOException {
        ErrorBody(String message) {
            super(message);
        }
    }

    static void read(InputStream in, ResponseAssembler into) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            readRoot(p, into);
        }
    }

    static void read(byte[] data, ResponseAssembler into) throws IOException {
        try (JsonParser p = FACTORY.createParser(data)) {
            readRoot(p, into);
        }
    }

    private static void readRoot(JsonParser p, ResponseAssembler into) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "expected a JSON object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "model" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        into.model(p.getText());
                    }
                }
                case "choices" -> {
                    if (value == JsonToken.START_ARRAY) {
                        readChoices(p, into);
                    } else {
                        p.skipChildren();
                    }
                }
                case "usage" -> {
                    if (value == JsonToken.START_OBJECT) {
                        into.usage(readUsage(p));
                    } else {
                        p.skipChildren();
                    }
                }
                case "error" -> throw new ErrorBody(errorText(p, value));
                default -> p.skipChildren();
            }
        }
    }

    private static void readChoices(JsonParser p, ResponseAssembler into) throws IOException {
        int position = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT || position++ > 0) {
                // Only one choice is ever requested (n = 1); any further one is ignored.
                p.skipChildren();
                continue;
            }
            into.choice();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "message", "delta" -> {
                        if (value == JsonToken.START_OBJECT) {
                            readMessage(p, into);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "finish_reason" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            into.finishReason(p.getText());
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
    }

    private static void readMessage(JsonParser p, ResponseAssembler into) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "content" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        into.content(p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
                case "reasoning_content" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        into.reasoning(p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
                case "tool_calls" -> {
                    if (value == JsonToken.START_ARRAY) {
                        readToolCalls(p, into);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    private static void readToolCalls(JsonParser p, ResponseAssembler into) throws IOException {
        int position = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            int index = -1;
            String id = null;
            String name = null;
            String arguments = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "index" -> index = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                    case "id" -> id = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "function" -> {
                        if (value != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            continue;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String inner = p.currentName();
                            JsonToken innerValue = p.nextToken();
                            if (innerValue == JsonToken.VALUE_STRING && inner.equals("name")) {
                                name = p.getText();
                            } else if (innerValue == JsonToken.VALUE_STRING && inner.equals("arguments")) {
                                arguments = p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            // A whole reply's tool calls carry no index: their position is it.
            into.toolCall(index >= 0 ? index : position, id, name, arguments);
            position++;
        }
    }

    private static Usage readUsage(JsonParser p) throws IOException {
        long prompt = 0;
        long completion = 0;
        long total = -1;
        long hit = -1;
        long miss = -1;
        long cached = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.START_OBJECT && field.equals("prompt_tokens_details")) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String inner = p.currentName();
                    if (p.nextToken() == JsonToken.VALUE_NUMBER_INT && inner.equals("cached_tokens")) {
                        cached = p.getLongValue();
                    } else {
                        p.skipChildren();
                    }
                }
                continue;
            }
            if (value != JsonToken.VALUE_NUMBER_INT) {
                p.skipChildren();
                continue;
            }
            long n = p.getLongValue();
            switch (field) {
                case "prompt_tokens" -> prompt = n;
                case "completion_tokens" -> completion = n;
                case "total_tokens" -> total = n;
                case "prompt_cache_hit_tokens" -> hit = n;
                case "prompt_cache_miss_tokens" -> miss = n;
                default -> {
                }
            }
        }
        if (hit < 0 && cached >= 0) {
            // OpenAI reports its prompt cache as prompt_tokens_details.cached_tokens.
            hit = cached;
            miss = Math.max(0, prompt - cached);
        }
        return new Usage(prompt, completion, total < 0 ? prompt + completion : total, Math.max(0, hit),
                Math.max(0, miss));
    }

    private static String errorText(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return "unknown error";
        }
        String message = null;
        String type = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_STRING && field.equals("message")) {
                message = p.getText();
            } else if (v == JsonToken.VALUE_STRING && field.equals("type")) {
                type = p.getText();
            } else {
                p.skipChildren();
            }
        }
        if (message == null) {
            return type == null ? "unknown error" : type;
        }
        return message;
    }

    /**
     * The endpoint's own message from an error body: {@code {"error":{"message":..}}} (OpenAI, DeepSeek),
     * {@code {"error":".."}} (Ollama), {@code {"message":..}}, else the body text itself, shortened.
     */
    static String errorMessage(byte[] body) {
        if (body.length == 0) {
            return "(empty body)";
        }
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                String message = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("error")) {
                        return errorText(p, value);
                    }
                    if (field.equals("message") && value == JsonToken.VALUE_STRING) {
                        message = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                if (message != null) {
                    return message;
                }
            }
        } catch (IOException e) {
            // Not JSON: fall through to the raw text.
        }
        String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return text.length() <= 300 ? text : text.substring(0, 297) + "...";
    }
}
