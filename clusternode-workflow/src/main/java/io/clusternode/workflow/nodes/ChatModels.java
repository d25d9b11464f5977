package io.clusternode.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.ResponseFormat;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.openai.DeepSeekLlmProvider;
import io.clusternode.openai.OpenAiCompatibleLlmProvider;
import io.clusternode.openai.OpenAiConfig;
import io.clusternode.workflow.credentials.Credential;
import io.clusternode.workflow.expression.Expressions;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.ChatModelNode;
import io.clusternode.workflow.spi.NodeContext;
import io.clusternode.workflow.spi.SubNodeScope;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The chat model sub-nodes, mapped onto ClusterNode's OpenAI-compatible providers: {@code lmChatOpenAi}
 * (any OpenAI-compatible endpoint through the credential's {@code url}), {@code lmChatDeepSeek},
 * {@code lmChatOllama} (through Ollama's OpenAI-compatible {@code /v1}), and ClusterNode's offline
 * {@code lmChatSimulated}.
 */
final class ChatModels {

    static final String OPENAI_DEFAULT_MODEL_V1 = "gpt-4o-mini";
    static final String OPENAI_DEFAULT_MODEL = "gpt-4.1-mini";
    static final String OLLAMA_DEFAULT_URL = "http://127.0.0.1:11434";

    private ChatModels() {
    }

    /**
     * A model node: one provider per distinct model name (the name may be an expression), created on first use
     * and shared by every run after.
     */
    private static final class ModelNode implements ChatModelNode {
        private final NodeSpec spec;
        private final String modelPath;
        private final String defaultModel;
        private final Function<String, LlmProvider> factory;
        private final LlmConfig config;
        private final Map<String, LlmProvider> providers = new ConcurrentHashMap<>();
        private final LlmProvider fixed;

        ModelNode(NodeSpec spec, String modelPath, String defaultModel, Function<String, LlmProvider> factory,
                  LlmConfig config) {
            this.spec = spec;
            this.modelPath = modelPath;
            this.defaultModel = defaultModel;
            this.factory = factory;
            this.config = config;
            JsonNode raw = rawModel(spec.parameter(modelPath));
            this.fixed = Expressions.isExpression(raw) ? null : factory.apply(orDefault(Params.locatorValue(raw)));
        }

        private static JsonNode rawModel(JsonNode value) {
            return value.isObject() ? value.path("value") : value;
        }

        private String orDefault(String model) {
            return model == null || model.isBlank() ? defaultModel : model.strip();
        }

        @Override
        public Supply model(SubNodeScope scope) {
            if (fixed != null) {
                return new Supply(fixed, config);
            }
            String model = orDefault(Params.locatorValue(scope.parameter(spec, modelPath)));
            return new Supply(providers.computeIfAbsent(model, factory), config);
        }

        @Override
        public void close() {
            if (fixed != null) {
                fixed.close();
            }
            providers.values().forEach(LlmProvider::close);
        }
    }

    /** Sampling options of the n8n model nodes ({@code options.temperature}, ...), -1 meaning unset. */
    private static LlmConfig samplingOptions(NodeSpec spec) {
        LlmConfig config = LlmConfig.defaults();
        Double temperature = Params.number(spec.parameter("options.temperature"), spec, "options.temperature");
        Double maxTokens = Params.number(spec.parameter("options.maxTokens"), spec, "options.maxTokens");
        Double topP = Params.number(spec.parameter("options.topP"), spec, "options.topP");
        try {
            if (temperature != null) {
                config = config.withTemperature(temperature);
            }
            if (maxTokens != null && maxTokens > 0) {
                config = config.withMaxTokens(maxTokens.intValue());
            }
            if (topP != null) {
                config = config.withTopP(topP);
            }
        } catch (IllegalArgumentException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name() + "': " + e.getMessage());
        }
        if ("json_object".equals(spec.parameter("options.responseFormat").asText())) {
            config = config.withResponseFormat(ResponseFormat.JSON_OBJECT);
        }
        return config;
    }

    /** Timeout (milliseconds) and retries of the n8n model nodes applied to an endpoint configuration. */
    private static OpenAiConfig endpoint(NodeSpec spec, String baseUrl, String apiKey, String defaultModel,
                                         long defaultTimeoutMillis) {
        OpenAiConfig.Builder builder = OpenAiConfig.builder().baseUrl(baseUrl).apiKey(apiKey).model(defaultModel);
        Double timeout = Params.number(spec.parameter("options.timeout"), spec, "options.timeout");
        long millis = timeout == null || timeout <= 0 ? defaultTimeoutMillis : timeout.longValue();
        builder.readTimeout(Duration.ofMillis(millis));
        builder.maxRetries(Params.integer(spec.parameter("options.maxRetries"), spec, "options.maxRetries", 2));
        return builder.build();
    }

    /** {@code lmChatOpenAi}: credential {@code openAiApi} (apiKey, url). */
    static ChatModelNode openAi(NodeContext context) {
        NodeSpec spec = context.node();
        Credential credential = context.credential("openAiApi");
        String apiKey = credential.require("apiKey", "OPENAI_API_KEY");
        String baseUrl = Params.text(spec.parameter("options.baseURL"), credential.get("url").orElse(OpenAiConfig.OPENAI_BASE_URL));
        String defaultModel = spec.typeVersion() < 1.2 ? OPENAI_DEFAULT_MODEL_V1 : OPENAI_DEFAULT_MODEL;
        defaultModel = context.settings().get("OPENAI_MODEL", defaultModel);
        OpenAiConfig endpoint = endpoint(spec, baseUrl, apiKey, defaultModel, 60_000);
        return new ModelNode(spec, "model", defaultModel,
                model -> new OpenAiCompatibleLlmProvider(endpoint.withModel(model)), samplingOptions(spec));
    }

    /** {@code lmChatDeepSeek}: credential {@code deepSeekApi} (apiKey, url). */
    static ChatModelNode deepSeek(NodeContext context) {
        NodeSpec spec = context.node();
        Credential credential = context.credential("deepSeekApi");
        String apiKey = credential.require("apiKey", DeepSeekLlmProvider.KEY_VARIABLE);
        String baseUrl = credential.get("url").orElse(OpenAiConfig.DEEPSEEK_BASE_URL);
        OpenAiConfig endpoint = endpoint(spec, baseUrl, apiKey, DeepSeekLlmProvider.CHAT, 360_000);
        return new ModelNode(spec, "model", DeepSeekLlmProvider.CHAT,
                model -> new DeepSeekLlmProvider(endpoint.withModel(model)), samplingOptions(spec));
    }

    /** {@code lmChatOllama}: credential {@code ollamaApi} (baseUrl); calls Ollama's OpenAI-compatible {@code /v1}. */
    static ChatModelNode ollama(NodeContext context) {
        NodeSpec spec = context.node();
        Credential credential = context.credential("ollamaApi");
        String baseUrl = credential.get("baseUrl").orElse(OLLAMA_DEFAULT_URL).strip();
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        OpenAiConfig endpoint = endpoint(spec, baseUrl.endsWith("/v1") ? baseUrl : baseUrl + "/v1", null, "llama3.2",
                300_000);
        return new ModelNode(spec, "model", "llama3.2",
                model -> new OpenAiCompatibleLlmProvider(endpoint.withModel(model)), samplingOptions(spec));
    }

    /** {@code clusternode.lmChatSimulated}: ClusterNode's offline model; {@code latencyMs} delays each call. */
    static ChatModelNode simulated(NodeContext context) {
        NodeSpec spec = context.node();
        int latency = Params.integer(spec.parameter("latencyMs"), spec, "latencyMs", 0);
        LlmProvider provider = new SimulatedLlmProvider(Duration.ofMillis(Math.max(0, latency)));
        return scope -> new ChatModelNode.Supply(provider, LlmConfig.defaults());
    }
}
