package io.clusternode.core.model;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

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
 * @param model         model name and sampling parameters, never null; the agent adds its tools
 * @param timeout       deadline of the whole run (model calls, tools, memory), never null; a run past it fails
 *                      with {@code TIMEOUT} and stores nothing; each model call is bounded by what remains
 */
public record AgentConfig(@Nullable String sessionId, @Nullable String systemPrompt, int maxIterations,
                          int historyLimit, LlmConfig model, Duration timeout) {

    /** The session used when none is given, by the agent, the executor and the CLI alike. */
    public static final String DEFAULT_SESSION = "default";
    public static final int DEFAULT_MAX_ITERATIONS = 10;
    public static final int DEFAULT_HISTORY_LIMIT = 50;
    /** Generous: ten model calls of a slow reasoning model fit; a hung endpoint does not hold a run longer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

    private static final AgentConfig DEFAULTS = new AgentConfig(DEFAULT_SESSION, null, DEFAULT_MAX_ITERATIONS,
            DEFAULT_HISTORY_LIMIT, LlmConfig.defaults(), DEFAULT_TIMEOUT);

    /**
     * A configuration; a null {@code model} means {@link LlmConfig#defaults()}, a null {@code timeout}
     * {@link #DEFAULT_TIMEOUT}.
     *
     * @throws IllegalArgumentException when {@code maxIterations < 1}, {@code historyLimit < 0} or
     *                                  {@code timeout} is not positive (null means {@link #DEFAULT_TIMEOUT})
     */
    public AgentConfig(@Nullable String sessionId, @Nullable String systemPrompt, int maxIterations,
                       int historyLimit, @Nullable LlmConfig model, @Nullable Duration timeout) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1, was " + maxIterations);
        }
        if (historyLimit < 0) {
            throw new IllegalArgumentException("historyLimit must not be negative, was " + historyLimit);
        }
        Duration effectiveTimeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (effectiveTimeout.isNegative() || effectiveTimeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.sessionId = sessionId;
        this.systemPrompt = systemPrompt;
        this.maxIterations = maxIterations;
        this.historyLimit = historyLimit;
        this.model = model == null ? LlmConfig.defaults() : model;
        this.timeout = effectiveTimeout;
    }

    /** A configuration with the default run timeout ({@link #DEFAULT_TIMEOUT}). */
    public AgentConfig(@Nullable String sessionId, @Nullable String systemPrompt, int maxIterations, int historyLimit,
                       @Nullable LlmConfig model) {
        this(sessionId, systemPrompt, maxIterations, historyLimit, model, DEFAULT_TIMEOUT);
    }

    /** Session {@value #DEFAULT_SESSION}, no extra system prompt, 10 iterations, 50 history messages, 15 min. */
    public static AgentConfig defaults() {
        return DEFAULTS;
    }

    /** A run in {@code value}'s session; null runs without memory (see {@link #withoutMemory()}). */
    public AgentConfig withSessionId(@Nullable String value) {
        return new AgentConfig(value, systemPrompt, maxIterations, historyLimit, model, timeout);
    }

    /** A run that neither loads nor stores history, even when the agent has a memory. */
    public AgentConfig withoutMemory() {
        return withSessionId(null);
    }

    /** A run with {@code value} as its system prompt; null uses the agent's own. */
    public AgentConfig withSystemPrompt(@Nullable String value) {
        return new AgentConfig(sessionId, value, maxIterations, historyLimit, model, timeout);
    }

    public AgentConfig withMaxIterations(int value) {
        return new AgentConfig(sessionId, systemPrompt, value, historyLimit, model, timeout);
    }

    public AgentConfig withHistoryLimit(int value) {
        return new AgentConfig(sessionId, systemPrompt, maxIterations, value, model, timeout);
    }

    public AgentConfig withModel(LlmConfig value) {
        return new AgentConfig(sessionId, systemPrompt, maxIterations, historyLimit, value, timeout);
    }

    /** A run that must finish within {@code value}. */
    public AgentConfig withTimeout(Duration value) {
        return new AgentConfig(sessionId, systemPrompt, maxIterations, historyLimit, model, value);
    }
}
