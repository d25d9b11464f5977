package io.clusternode.core.llm;

import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.StreamListener;
import java.util.List;
import java.util.Objects;

/**
 * A chat model that hands every call to another one: the base of decorators (a response cache, metering)
 * that override only what they add. Each method forwards to the delegate unchanged, so a decorator has the
 * delegate's definition, default model and lifecycle.
 */
public abstract class ForwardingLlmProvider implements LlmProvider {

    private final LlmProvider delegate;

    /**
     * Forwards to {@code delegate}.
     *
     * @param delegate the model calls are handed to
     * @throws NullPointerException when {@code delegate} is null
     */
    protected ForwardingLlmProvider(LlmProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The wrapped model. */
    public LlmProvider delegate() {
        return delegate;
    }

    @Override
    public NodeDefinition definition() {
        return delegate.definition();
    }

    @Override
    public String defaultModel() {
        return delegate.defaultModel();
    }

    @Override
    public void initialize() {
        delegate.initialize();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public LlmResponse call(List<Message> messages, LlmConfig config) {
        return delegate.call(messages, config);
    }

    @Override
    public LlmResponse stream(List<Message> messages, LlmConfig config, StreamListener listener) {
        return delegate.stream(messages, config, listener);
    }
}
