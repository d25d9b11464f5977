package io.clusternode.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.ResponseFormat;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.ToolDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a chat-completions request body straight to UTF-8 bytes with a streaming {@link JsonGenerator}:
 * no tree, no intermediate String, field names pre-encoded once. This is one of the two places (with
 * {@link ChatResponseReader}) where a client spends its CPU besides the socket, so it is kept allocation-light.
 *
 * <p>An assistant message's reasoning is never written: {@link Message} has no such field, which is how
 * DeepSeek's rule "do not send reasoning_content back" is kept by construction.
 */
final class ChatRequestWriter {

    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    private static final SerializableString MODEL = new SerializedString("model");
    private static final SerializableString MESSAGES = new SerializedString("messages");
    private static final SerializableString ROLE = new SerializedString("role");
    private static final SerializableString CONTENT = new SerializedString("content");
    private static final SerializableString TOOL_CALLS = new SerializedString("tool_calls");
    private static final SerializableString TOOL_CALL_ID = new SerializedString("tool_call_id");
    private static final SerializableString ID = new SerializedString("id");
    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString FUNCTION = new SerializedString("function");
    private static final SerializableString NAME = new SerializedString("name");
    private static final SerializableString ARGUMENTS = new SerializedString("arguments");
    private static final SerializableString DESCRIPTION = new SerializedString("description");
    private static final SerializableString PARAMETERS = new SerializedString("parameters");
    private static final SerializableString TOOLS = new SerializedString("tools");
    private static final SerializableString TOOL_CHOICE = new SerializedString("tool_choice");
    private static final SerializableString TEMPERATURE = new SerializedString("temperature");
    private static final SerializableString TOP_P = new SerializedString("top_p");
    private static final SerializableString MAX_TOKENS = new SerializedString("max_tokens");
    private static final SerializableString STOP = new SerializedString("stop");
    private static final SerializableString RESPONSE_FORMAT = new SerializedString("response_format");
    private static final SerializableString STREAM = new SerializedString("stream");
    private static final SerializableString STREAM_OPTIONS = new SerializedString("stream_options");
    private static final SerializableString INCLUDE_USAGE = new SerializedString("include_usage");

    private ChatRequestWriter() {
    }

    static byte[] write(String model, List<Message> messages, LlmConfig config, boolean stream) {
        ByteArrayBuilder out = new ByteArrayBuilder(256 + 64 * messages.size());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName(MODEL);
            g.writeString(model);
            g.writeFieldName(MESSAGES);
            g.writeStartArray();
            for (Message message : messages) {
                writeMessage(g, message);
            }
            g.writeEndArray();
            if (!config.tools().isEmpty()) {
                g.writeFieldName(TOOLS);
                g.writeStartArray();
                for (ToolDefinition tool : config.tools()) {
                    g.writeStartObject();
                    g.writeFieldName(TYPE);
                    g.writeString("function");
                    g.writeFieldName(FUNCTION);
                    g.writeStartObject();
                    g.writeFieldName(NAME);
                    g.writeString(tool.name());
                    if (!tool.description().isEmpty()) {
                        g.writeFieldName(DESCRIPTION);
                        g.writeString(tool.description());
                    }
                    g.writeFieldName(PARAMETERS);
                    g.writeTree(tool.parameters());
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
                if (config.toolChoice() != null && !config.toolChoice().isBlank()) {
                    g.writeFieldName(TOOL_CHOICE);
                    writeToolChoice(g, config.toolChoice());
                }
            }
            if (config.temperature() != null) {
                g.writeFieldName(TEMPERATURE);
                g.writeNumber(config.temperature());
            }
            if (config.topP() != null) {
                g.writeFieldName(TOP_P);
                g.writeNumber(config.topP());
            }
            if (config.maxTokens() != null) {
                g.writeFieldName(MAX_TOKENS);
                g.writeNumber(config.maxTokens());
            }
            if (!config.stop().isEmpty()) {
                g.writeFieldName(STOP);
                g.writeStartArray();
                for (String s : config.stop()) {
                    g.writeString(s);
                }
                g.writeEndArray();
            }
            if (config.responseFormat() == ResponseFormat.JSON_OBJECT) {
                g.writeFieldName(RESPONSE_FORMAT);
                g.writeStartObject();
                g.writeFieldName(TYPE);
                g.writeString("json_object");
                g.writeEndObject();
            }
            if (stream) {
                g.writeFieldName(STREAM);
                g.writeBoolean(true);
                g.writeFieldName(STREAM_OPTIONS);
                g.writeStartObject();
                g.writeFieldName(INCLUDE_USAGE);
                g.writeBoolean(true);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a chat request", e);
        }
        return out.toByteArray();
    }

    private static void writeMessage(JsonGenerator g, Message message) throws IOException {
        g.writeStartObject();
        g.writeFieldName(ROLE);
        g.writeString(message.role().wireName());
        g.writeFieldName(CONTENT);
        if (message.content().isEmpty() && message.hasToolCalls()) {
            // OpenAI documents content as optional (null) when an assistant message only calls tools.
            g.writeNull();
        } else {
            g.writeString(message.content());
        }
        if (message.hasToolCalls()) {
            g.writeFieldName(TOOL_CALLS);
            g.writeStartArray();
            for (ToolCall call : message.toolCalls()) {
                g.writeStartObject();
                g.writeFieldName(ID);
                g.writeString(call.id());
                g.writeFieldName(TYPE);
                g.writeString("function");
                g.writeFieldName(FUNCTION);
                g.writeStartObject();
                g.writeFieldName(NAME);
                g.writeString(call.name());
                g.writeFieldName(ARGUMENTS);
                g.writeString(call.arguments());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (message.toolCallId() != null) {
            g.writeFieldName(TOOL_CALL_ID);
            g.writeString(message.toolCallId());
        }
        g.writeEndObject();
    }

    private static void writeToolChoice(JsonGenerator g, String choice) throws IOException {
        switch (choice) {
            case "auto", "none", "required" -> g.writeString(choice);
            default -> {
                g.writeStartObject();
                g.writeFieldName(TYPE);
                g.writeString("function");
                g.writeFieldName(FUNCTION);
                g.writeStartObject();
                g.writeFieldName(NAME);
                g.writeString(choice);
                g.writeEndObject();
                g.writeEndObject();
            }
        }
    }
}
