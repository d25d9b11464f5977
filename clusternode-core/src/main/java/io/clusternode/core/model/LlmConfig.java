package io.clusternode.core.model;

import java.util.List;

/**
 * What a model call takes besides the messages. Null numeric fields mean "the endpoint's default".
 *
 * @param model          model name, e.g. {@code deepseek-chat}
 * @param temperature    sampling temperature (0 = deterministic)
 * @param maxTokens      upper bound on completion tokens
 * @param topP           nucleus sampling
 * @param stop           stop sequences
 * @param tools          tools offered to the model
 * @param toolChoice     {@code auto}, {@code none}, {@code required} or a tool name; null = endpoint default
 * @param responseFormat text or JSON object
 */
public record LlmConfig(String model, Double temperature, Integer maxTokens, Double topP, List<String> stop,
                        List<ToolDefinition> tools, String toolChoice, ResponseFormat responseFormat) {

    private static final LlmConfig DEFAULTS =
            new LlmConfig(null, null, null, null, List.of(), List.of(), null, ResponseFormat.TEXT);

    public LlmConfig {
        stop = stop == null ? List.of() : List.copyOf(stop);
        tools = tools == null ? List.of() : List.copyOf(tools);
        responseFormat = responseFormat == null ? ResponseFormat.TEXT : responseFormat;
        if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
        }
        if (maxTokens != null && maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
        }
        if (topP != null && !(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
        }
    }

    /** No model name (the provider's default model) and every parameter left to the endpoint. */
    public static LlmConfig defaults() {
        return DEFAULTS;
    }

    /** The defaults with a model name. */
    public static LlmConfig of(String model) {
        return new LlmConfig(model, null, null, null, List.of(), List.of(), null, ResponseFormat.TEXT);
    }

    public LlmConfig withModel(String value) {
        return new LlmConfig(value, temperature, maxTokens, topP, stop, tools, toolChoice, responseFormat);
    }

    public LlmConfig withTemperature(Double value) {
        return new LlmConfig(model, value, maxTokens, topP, stop, tools, toolChoice, responseFormat);
    }

    public LlmConfig withMaxTokens(Integer value) {
        return new LlmConfig(model, temperature, value, topP, stop, tools, toolChoice, responseFormat);
    }

    public LlmConfig withTopP(Double value) {
        return new LlmConfig(model, temperature, maxTokens, value, stop, tools, toolChoice, responseFormat);
    }

    public LlmConfig withStop(List<String> value) {
        return new LlmConfig(model, temperature, maxTokens, topP, value, tools, toolChoice, responseFormat);
    }

    public LlmConfig withTools(List<ToolDefinition> value) {
        return new LlmConfig(model, temperature, maxTokens, topP, stop, value, toolChoice, responseFormat);
    }

    public LlmConfig withToolChoice(String value) {
        return new LlmConfig(model, temperature, maxTokens, topP, stop, tools, value, responseFormat);
    }

    public LlmConfig withResponseFormat(ResponseFormat value) {
        return new LlmConfig(model, temperature, maxTokens, topP, stop, tools, toolChoice, value);
    }
}
