package io.clusternode.openai;

import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.LlmProviderFactory;
import io.clusternode.core.spi.Settings;

/** {@code --model deepseek[:MODEL]}: reads {@code DEEPSEEK_*} settings (see docs/models.md). */
public final class DeepSeekLlmProviderFactory implements LlmProviderFactory {

    @Override
    public String provider() {
        return DeepSeekLlmProvider.KIND;
    }

    @Override
    public String description() {
        return "deepseek           DeepSeek (deepseek-chat, deepseek-reasoner); DEEPSEEK_API_KEY, DEEPSEEK_BASE_URL";
    }

    @Override
    public LlmProvider create(String model, Settings settings) {
        if (settings.get(DeepSeekLlmProvider.KEY_VARIABLE).isEmpty()) {
            throw DeepSeekLlmProvider.missingKey();
        }
        return new DeepSeekLlmProvider(OpenAiConfig.fromSettings("DEEPSEEK", settings, OpenAiConfig.DEEPSEEK_BASE_URL,
                model == null ? DeepSeekLlmProvider.CHAT : model));
    }
}
