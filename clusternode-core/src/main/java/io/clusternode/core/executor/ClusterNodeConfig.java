package io.clusternode.core.executor;

import io.clusternode.core.agent.AgentConfig;
import io.clusternode.core.model.LlmConfig;

/**
 * How the executor runs one registered provider (the seed's {@code ClusterNodeConfig}).
 *
 * @param llm           model settings for model tasks
 * @param sessionId     memory session for memory tasks (overridable per execution)
 * @param retrieveCount how many messages a memory task returns after storing
 * @param agent         agent settings for agent tasks
 */
public record ClusterNodeConfig(LlmConfig llm, String sessionId, int retrieveCount, AgentConfig agent) {

    public static final String DEFAULT_SESSION = "default";

    public ClusterNodeConfig {
        llm = llm == null ? LlmConfig.of(null) : llm;
        sessionId = sessionId == null ? DEFAULT_SESSION : sessionId;
        if (retrieveCount < 0) {
            throw new IllegalArgumentException("retrieveCount must not be negative");
        }
        agent = agent == null ? AgentConfig.defaults() : agent;
    }

    public static ClusterNodeConfig defaults() {
        return new ClusterNodeConfig(null, null, 10, null);
    }

    public ClusterNodeConfig withLlm(LlmConfig value) {
        return new ClusterNodeConfig(value, sessionId, retrieveCount, agent);
    }

    public ClusterNodeConfig withSessionId(String value) {
        return new ClusterNodeConfig(llm, value, retrieveCount, agent);
    }

    public ClusterNodeConfig withRetrieveCount(int value) {
        return new ClusterNodeConfig(llm, sessionId, value, agent);
    }

    public ClusterNodeConfig withAgent(AgentConfig value) {
        return new ClusterNodeConfig(llm, sessionId, retrieveCount, value);
    }
}
