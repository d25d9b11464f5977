package io.clusternode.core.agent;

import io.clusternode.core.model.LlmConfig;

/**
 * Per-run settings of an AI Agent.
 *
 * @param sessionId     memory session to load history from and store the turn in; null runs without memory
 * @param systemPrompt  prepended to every model call (not stored in memory); null for none
 * @param maxIterations model calls allowed before the run fails with {@code MAX_ITERATIONS_EXCEEDED}
 * @param historyLimit  how many earlier messages to load from memory
 * @param llm           model name and sampling parameters; the agent adds its tools
 */
public record AgentConfig(String sessionId, String systemPrompt, int maxIterations, int historyLimit, LlmConfig llm) {

    public static final int DEFAULT_MAX_ITERATIONS = 10;
    public static final int DEFAULT_HISTORY_LIMIT = 50;

    public AgentConfig {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1, was " + maxIterations);
        }
        if (historyLimit < 0) {
            throw new IllegalArgumentException("historyLimit must not be negative, was " + historyLimit);
        }
        llm = llm == null ? LlmConfig.of(null) : llm;
    }

    public static AgentConfig defaults() {
        return new AgentConfig(null, null, DEFAULT_MAX_ITERATIONS, DEFAULT_HISTORY_LIMIT, LlmConfig.of(null));
    }

    public AgentConfig withSessionId(String value) {
        return new AgentConfig(value, systemPrompt, maxIterations, historyLimit, llm);
    }

    public AgentConfig withSystemPrompt(String value) {
        return new AgentConfig(sessionId, value, maxIterations, historyLimit, llm);
    }

    public AgentConfig withMaxIterations(int value) {
        return new AgentConfig(sessionId, systemPrompt, value, historyLimit, llm);
    }

    public AgentConfig withHistoryLimit(int value) {
        return new AgentConfig(sessionId, systemPrompt, maxIterations, value, llm);
    }

    public AgentConfig withLlm(LlmConfig value) {
        return new AgentConfig(sessionId, systemPrompt, maxIterations, historyLimit, value);
    }
}
