package io.clusternode.openai;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.LlmProviderFactory;
import io.clusternode.core.spi.Settings;

/**
 * {@code --model openai[:MODEL]}: any OpenAI-compatible endpoint; reads {@code OPENAI_*} settings (see
 * docs/models.md). The key may be absent, since local servers (Ollama, vLLM, llama.cpp) need none.
 */
public final class OpenAiLlmProviderFactory implements LlmProviderFactory {

    /** The model used when {@code --model openai} names none and {@code OPENAI_MODEL} is unset. */
    public static final String DEFAULT_MODEL = "gpt-4o-mini";

    @Override
    public String provider() {
        return OpenAiCompatibleLlmProvider.KIND;
    }

    @Override
    public String description() {
        return "openai             any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp); "
                + "OPENAI_API_KEY (optional), OPENAI_BASE_URL";
    }

    @Override
    public LlmProvider create(String model, Settings settings) {
        String name = model != null ? model : settings.get("OPENAI_MODEL", DEFAULT_MODEL).strip();
        if (name.isEmpty()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "OPENAI_MODEL must not be empty; leave it"
                    + " unset for " + DEFAULT_MODEL + " or name a model the endpoint serves");
        }
        return new OpenAiCompatibleLlmProvider(OpenAiConfig.fromSettings("OPENAI", settings,
                OpenAiConfig.OPENAI_BASE_URL, name));
    }
}
