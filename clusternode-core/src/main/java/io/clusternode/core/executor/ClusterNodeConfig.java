package io.clusternode.core.executor;

import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.LlmConfig;
import org.jspecify.annotations.Nullable;

/**
 * How the executor runs one registered provider (hetumind's {@code ClusterNodeConfig}).
 *
 * @param model         model settings for model tasks
 * @param sessionId     memory session for memory tasks; overridden per execution by
 *                      {@link ContextKey#SESSION_ID}. Defaults to {@value AgentConfig#DEFAULT_SESSION}, as
 *                      agent tasks do.
 * @param retrieveCount how many messages a memory task returns after storing
 * @param agent         agent settings for agent tasks (their session is {@code agent.sessionId()}, likewise
 *                      overridden by {@link ContextKey#SESSION_ID})
 */
public record ClusterNodeConfig(LlmConfig model, String sessionId, int retrieveCount, AgentConfig agent) {

    private static final ClusterNodeConfig DEFAULTS = new ClusterNodeConfig(null, null, 10, null);

    /**
     * A configuration; a null {@code model}, {@code sessionId} or {@code agent} takes its default
     * ({@link LlmConfig#defaults()}, {@value AgentConfig#DEFAULT_SESSION}, {@link AgentConfig#defaults()}).
     *
     * @throws IllegalArgumentException when {@code retrieveCount} is negative
     */
    public ClusterNodeConfig(@Nullable LlmConfig model, @Nullable String sessionId, int retrieveCount,
                             @Nullable AgentConfig agent) {
        this.model = model == null ? LlmConfig.defaults() : model;
        this.sessionId = sessionId == null ? AgentConfig.DEFAULT_SESSION : sessionId;
        if (retrieveCount < 0) {
            throw new IllegalArgumentException("retrieveCount must not be negative");
        }
        this.retrieveCount = retrieveCount;
        this.agent = agent == null ? AgentConfig.defaults() : agent;
    }

    public static ClusterNodeConfig defaults() {
        return DEFAULTS;
    }

    public ClusterNodeConfig withModel(LlmConfig value) {
        return new ClusterNodeConfig(value, sessionId, retrieveCount, agent);
    }

    public ClusterNodeConfig withSessionId(String value) {
        return new ClusterNodeConfig(model, value, retrieveCount, agent);
    }

    public ClusterNodeConfig withRetrieveCount(int value) {
        return new ClusterNodeConfig(model, sessionId, value, agent);
    }

    public ClusterNodeConfig withAgent(AgentConfig value) {
        return new ClusterNodeConfig(model, sessionId, retrieveCount, value);
    }
}
