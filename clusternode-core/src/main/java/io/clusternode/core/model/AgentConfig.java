package io.clusternode.core.model;

/**
 * Per-run settings of an AI Agent.
 *
 * <p>The session defaults to {@value #DEFAULT_SESSION}, the same default the executor and the CLI use, so an
 * agent with a memory always uses it unless the run says otherwise with {@link #withoutMemory()}.
 *
 * @param sessionId     memory session to load history from and store the turn in; null runs without memory
 * @param systemPrompt  prepended to every model call (not stored in memory); null for the agent's own
 * @param maxIterations model calls allowed before the run fails with {@code MAX_ITERATIONS_EXCEEDED}
 * @param historyLimit  how many earlier messages to load from memory
 * @param model         model name and sampling parameters; the agent adds its tools
 */
public record AgentConfig(String sessionId, String systemPrompt, int maxIterations, int historyLimit, LlmConfig model) {

    /** The session used when none is given, by the agent, the executor and the CLI alike. */
    public static final String DEFAULT_SESSION = "default";
    public static final int DEFAULT_MAX_ITERATIONS = 10;
    public static final int DEFAULT_HISTORY_LIMIT = 50;

    private static final AgentConfig DEFAULTS = new AgentConfig(DEFAULT_SESSION, null, DEFAULT_MAX_ITERATIONS,
            DEFAULT_HISTORY_LIMIT, LlmConfig.defaults());

    /**
     * @throws IllegalArgumentException when {@code maxIterations < 1} or {@code historyLimit < 0}
     */
    public AgentConfig {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1, was " + maxIterations);
        }
        if (historyLimit < 0) {
            throw new IllegalArgumentException("historyLimit must not be negative, was " + historyLimit);
        }
        model = model == null ? LlmConfig.defaults() : model;
    }

    /** Session {@value #DEFAULT_SESSION}, no extra system prompt, 10 iterations, 50 history messages. */
    public static AgentConfig defaults() {
        return DEFAULTS;
    }

    /** A run in {@code value}'s session; null runs without memory (see {@link #withoutMemory()}). */
    public AgentConfig withSessionId(String value) {
        return new AgentConfig(value, systemPrompt, maxIterations, historyLimit, model);
    }

    /** A run that neither loads nor stores history, even when the agent has a memory. */
    public AgentConfig withoutMemory() {
        return withSessionId(null);
    }

    public AgentConfig withSystemPrompt(String value) {
        return new AgentConfig(sessionId, value, maxIterations, historyLimit, model);
    }

    public AgentConfig withMaxIterations(int value) {
        return new AgentConfig(sessionId, systemPrompt, value, historyLimit, model);
    }

    public AgentConfig withHistoryLimit(int value) {
        return new AgentConfig(sessionId, systemPrompt, maxIterations, value, model);
    }

    public AgentConfig withModel(LlmConfig value) {
        return new AgentConfig(sessionId, systemPrompt, maxIterations, historyLimit, value);
    }
}
