package io.clusternode.server.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.ToolProvider;

/** A tool that records each call's latency and outcome, tagged with the tool's name. */
public final class MeteredTool implements ToolProvider {

    private final ToolProvider delegate;
    private final ServerMetrics metrics;

    /** Measures {@code delegate} into {@code metrics}. */
    public MeteredTool(ToolProvider delegate, ServerMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public ToolDefinition toolDefinition() {
        return delegate.toolDefinition();
    }

    @Override
    public NodeDefinition definition() {
        return delegate.definition();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public boolean returnsPromptly() {
        return delegate.returnsPromptly();
    }

    @Override
    public String execute(JsonNode arguments) {
        return Outcomes.measure(() -> delegate.execute(arguments),
                (outcome, nanos) -> metrics.toolCall(delegate.name(), outcome, nanos));
    }
}
