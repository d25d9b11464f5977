package io.clusternode.openai;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;

/**
 * DeepSeek's chat models ({@value #CHAT}, and {@value #REASONER}, whose reasoning arrives as
 * {@code reasoning_content} and is exposed as {@code LlmResponse.reasoning()}). DeepSeek speaks the
 * OpenAI chat-completions API, so this is the same engine under its own kind, with DeepSeek's defaults and
 * a key that must be present (DeepSeek has no keyless mode, so a missing key is reported before any call).
 */
public final class DeepSeekLlmProvider extends OpenAiCompatibleLlmProvider {

    public static final String KIND = "deepseek";
    public static final String CHAT = "deepseek-chat";
    public static final String REASONER = "deepseek-reasoner";
    public static final String KEY_VARIABLE = "DEEPSEEK_API_KEY";

    private static final NodeDefinition DEFINITION = new NodeDefinition(KIND, NodeType.LANGUAGE_MODEL,
            "DeepSeek Chat Model", 1, null);

    public DeepSeekLlmProvider(OpenAiConfig config) {
        super(requireKey(config), DEFINITION, KEY_VARIABLE, "DeepSeek");
    }

    /** A configuration builder with DeepSeek's base URL and default model, for {@code apiKey}. */
    public static OpenAiConfig.Builder configBuilder(String apiKey) {
        return OpenAiConfig.builder().baseUrl(OpenAiConfig.DEEPSEEK_BASE_URL).apiKey(apiKey).model(CHAT);
    }

    private static OpenAiConfig requireKey(OpenAiConfig config) {
        if (config != null && !config.hasApiKey()) {
            throw missingKey();
        }
        return config;
    }

    static NodeExecutionException missingKey() {
        return new NodeExecutionException(ErrorCode.AUTHENTICATION_FAILED,
                "DeepSeek needs an API key: set " + KEY_VARIABLE + " (export " + KEY_VARIABLE
                        + "=sk-...) or put " + KEY_VARIABLE + " in the configuration file");
    }
}
