package io.clusternode.server.mcp;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.spi.AgentProvider;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.StreamListener;
import io.clusternode.server.Runs;
import io.clusternode.server.http.ApiException;
import io.clusternode.server.metrics.Outcomes;
import io.clusternode.server.metrics.ServerMetrics;
import java.util.List;

/**
 * A served agent run for an MCP client under the same rules as {@code /v1/chat/completions}: it takes one of the
 * server's run permits (refused when the cap is reached or the server is stopping), has the server's time limit,
 * and is recorded in {@code clusternode_agent_runs_seconds}. Refusals become the tool's error message.
 */
final class RunLimitedAgent implements AgentProvider {

    private final String name;
    private final AgentProvider agent;
    private final Runs runs;
    private final ServerMetrics metrics;

    RunLimitedAgent(String name, AgentProvider agent, Runs runs, ServerMetrics metrics) {
        this.name = name;
        this.agent = agent;
        this.runs = runs;
        this.metrics = metrics;
    }

    @Override
    public NodeDefinition definition() {
        return agent.definition();
    }

    @Override
    public AgentResponse execute(List<Message> messages, AgentConfig config) {
        return execute(messages, config, StreamListener.NONE);
    }

    @Override
    public AgentResponse execute(List<Message> messages, AgentConfig config, StreamListener listener) {
        Runs.Permit permit;
        try {
            permit = runs.acquire();
        } catch (ApiException e) {
            throw refused(e);
        }
        try (permit) {
            return Outcomes.measure(() -> permit.run(() -> agent.execute(messages, config, listener)),
                    (outcome, nanos) -> metrics.agentRun(name, outcome, nanos));
        } catch (ApiException e) {
            throw refused(e);
        }
    }

    /** The server's refusal as the engine's error, whose message the MCP client gets as the tool's result. */
    private NodeExecutionException refused(ApiException e) {
        return switch (e.error().status()) {
            case 429 -> new NodeExecutionException(ErrorCode.RATE_LIMITED, "the server is running its maximum of "
                    + runs.capacity() + " agent runs; ask again shortly");
            case 503 -> new NodeExecutionException(ErrorCode.PROVIDER_CLOSED,
                    "the server is shutting down; ask again on another instance");
            case 504 -> new NodeExecutionException(ErrorCode.TIMEOUT, e.getMessage());
            default -> new NodeExecutionException(ErrorCode.INTERNAL, e.getMessage());
        };
    }
}
