package io.clusternode.core.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a model call takes besides the messages. Null numeric fields mean "the endpoint's default".
 *
 * @param model          model name, e.g. {@code deepseek-chat}; null = the provider's default model
 * @param temperature    sampling temperature (0 = deterministic)
 * @param maxTokens      upper bound on completion tokens
 * @param topP           nucleus sampling
 * @param stop           stop sequences, never null (empty for none)
 * @param tools          tools offered to the model, never null (empty for none)
 * @param toolChoice     {@code auto}, {@code none}, {@code required} or a tool name; null = endpoint default
 * @param responseFormat text or JSON object, never null
 */
public record LlmConfig(@Nullable String model, @Nullable Double temperature, @Nullable Integer maxTokens,
                        @Nullable Double topP, List<String> stop, List<ToolDefinition> tools,
                        @Nullable String toolChoice, ResponseFormat responseFormat) {

    private static final LlmConfig DEFAULTS =
            new LlmConfig(null, null, null, null, List.of(), List.of(), null, ResponseFormat.TEXT);

    /**
     * A configuration; null {@code stop} or {@code tools} mean none, a null {@code responseFormat} means
     * {@link ResponseFormat#TEXT}.
     *
     * @throws IllegalArgumentException when {@code temperature}, {@code maxTokens} or {@code topP} is out of range
     */
    public LlmConfig(@Nullable String model, @Nullable Double temperature, @Nullable Integer maxTokens,
                     @Nullable Double topP, @Nullable List<String> stop, @Nullable List<ToolDefinition> tools,
                     @Nullable String toolChoice, @Nullable ResponseFormat responseFormat) {
        this.model = model;
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.topP = topP;
        this.stop = stop == null ? List.of() : List.copyOf(stop);
        this.tools = tools == null ? List.of() : List.copyOf(tools);
        this.toolChoice = toolChoice;
        this.responseFormat = responseFormat == null ? ResponseFormat.TEXT : responseFormat;
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

    public LlmConfig withModel(@Nullable String value) {
        return new LlmConfig(value, temperature, maxTokens, topP, stop, tools, toolChoice, responseFormat);
    }

    public LlmConfig withTemperature(@Nullable Double value) {
        return new LlmConfig(model, value, maxTokens, topP, stop, tools, toolChoice, responseFormat);
    }

    public LlmConfig withMaxTokens(@Nullable Integer value) {
        return new LlmConfig(model, temperature, value, topP, stop, tools, toolChoice, responseFormat);
    }

    public LlmConfig withTopP(@Nullable Double value) {
        return new LlmConfig(model, temperature, maxTokens, value, stop, tools, toolChoice, responseFormat);
    }

    public LlmConfig withStop(List<String> value) {
        return new LlmConfig(model, temperature, maxTokens, topP, value, tools, toolChoice, responseFormat);
    }

    public LlmConfig withTools(List<ToolDefinition> value) {
        return new LlmConfig(model, temperature, maxTokens, topP, stop, value, toolChoice, responseFormat);
    }

    public LlmConfig withToolChoice(@Nullable String value) {
        return new LlmConfig(model, temperature, maxTokens, topP, stop, tools, value, responseFormat);
    }

    public LlmConfig withResponseFormat(ResponseFormat value) {
        return new LlmConfig(model, temperature, maxTokens, topP, stop, tools, toolChoice, value);
    }
}
