package io.clusternode.server.metrics;

import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.StreamListener;
import java.util.List;

/** A chat model that records each call's latency, outcome and tokens, tagged with the model name. */
public final class MeteredLlmProvider implements LlmProvider {

    private final LlmProvider delegate;
    private final ServerMetrics metrics;

    /** Measures {@code delegate} into {@code metrics}. */
    public MeteredLlmProvider(LlmProvider delegate, ServerMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    /** The model being measured. */
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
        return measure(config, () -> delegate.call(messages, config));
    }

    @Override
    public LlmResponse stream(List<Message> messages, LlmConfig config, StreamListener listener) {
        return measure(config, () -> delegate.stream(messages, config, listener));
    }

    private LlmResponse measure(LlmConfig config, java.util.function.Supplier<LlmResponse> call) {
        String model = config.model() != null ? config.model() : delegate.defaultModel();
        long start = System.nanoTime();
        try {
            LlmResponse response = call.get();
            metrics.modelCall(model, Outcomes.SUCCESS, System.nanoTime() - start);
            metrics.modelTokens(model, response.usage().promptTokens(), response.usage().completionTokens());
            return response;
        } catch (RuntimeException e) {
            metrics.modelCall(model, Outcomes.of(e), System.nanoTime() - start);
            throw e;
        }
    }
}
