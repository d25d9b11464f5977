package io.clusternode.core.testing;

import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A chat model whose answers a test scripts as a function of the request, recording a copy of every request,
 * so tests can drive the agent loop into any path and check what the model was sent.
 */
public final class ScriptedModel implements LlmProvider {

    /** One recorded call. */
    public record Request(List<Message> messages, LlmConfig config) {
    }

    private final String name;
    private final BiFunction<List<Message>, LlmConfig, LlmResponse> script;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public ScriptedModel(String name, BiFunction<List<Message>, LlmConfig, LlmResponse> script) {
        this.name = name;
        this.script = script;
    }

    @Override
    public NodeDefinition definition() {
        return new NodeDefinition("scripted", NodeType.LANGUAGE_MODEL, name, 1, null);
    }

    @Override
    public String defaultModel() {
        return name;
    }

    @Override
    public LlmResponse call(List<Message> messages, LlmConfig config) {
        requests.add(new Request(List.copyOf(messages), config));
        return script.apply(messages, config);
    }

    public List<Request> requests() {
        return requests;
    }

    public Request lastRequest() {
        return requests.get(requests.size() - 1);
    }
}
