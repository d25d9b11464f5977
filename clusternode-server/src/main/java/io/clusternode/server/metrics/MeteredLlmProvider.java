package io.clusternode.server.metrics;

import io.clusternode.core.llm.ForwardingLlmProvider;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.StreamListener;
import java.util.List;
import java.util.function.Supplier;

/** A chat model that records each call's latency, outcome and tokens, tagged with the model name. */
public final class MeteredLlmProvider extends ForwardingLlmProvider {

    private final ServerMetrics metrics;

    /** Measures {@code delegate} into {@code metrics}. */
    public MeteredLlmProvider(LlmProvider delegate, ServerMetrics metrics) {
        super(delegate);
        this.metrics = metrics;
    }

    @Override
    public LlmResponse call(List<Message> messages, LlmConfig config) {
        return measure(config, () -> super.call(messages, config));
    }

    @Override
    public LlmResponse stream(List<Message> messages, LlmConfig config, StreamListener listener) {
        return measure(config, () -> super.stream(messages, config, listener));
    }

    private LlmResponse measure(LlmConfig config, Supplier<LlmResponse> call) {
        String model = config.model() != null ? config.model() : delegate().defaultModel();
        LlmResponse response = Outcomes.measure(call, (outcome, nanos) -> metrics.modelCall(model, outcome, nanos));
        metrics.modelTokens(model, response.usage().promptTokens(), response.usage().completionTokens());
        return response;
    }
}
