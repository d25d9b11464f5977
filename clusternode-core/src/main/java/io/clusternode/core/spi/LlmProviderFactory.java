package io.clusternode.core.spi;

import org.jspecify.annotations.Nullable;

/**
 * Creates chat model providers for one provider name, so that {@code --model PROVIDER:MODEL} can name
 * models of modules the caller does not compile against. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.clusternode.core.spi.LlmProviderFactory}).
 */
public interface LlmProviderFactory {

    /** The provider name before the colon, e.g. {@code deepseek}. */
    String provider();

    /** One line for help texts, e.g. the environment variables the provider reads. */
    String description();

    /**
     * Creates a provider; it is not initialised yet.
     *
     * @param model    the model name after the colon; null for the provider's default
     * @param settings environment and configuration values (API keys, base URLs)
     * @throws io.clusternode.core.error.NodeExecutionException {@code INVALID_INPUT} for a missing or invalid
     *         setting, described without echoing its value
     */
    LlmProvider create(@Nullable String model, Settings settings);
}
