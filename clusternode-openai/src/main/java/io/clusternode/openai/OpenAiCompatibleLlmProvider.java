package io.clusternode.openai;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.llm.CallDeadline;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.secret.Redaction;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.spi.StreamListener;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat model sub-node for any endpoint that speaks OpenAI's chat-completions API: OpenAI itself,
 * DeepSeek, Ollama, vLLM, llama.cpp's server, LM Studio, and the many gateways that copy it.
 *
 * <p>One pooled keep-alive HTTP/1.1 transport per provider carries every call, so concurrent callers
 * share warm connections instead of paying a TCP (and TLS) handshake each: by default OkHttp's blocking
 * calls driven by the calling thread ({@link OpenAiConfig.Transport#OKHTTP}), or the JDK {@code HttpClient}
 * ({@link OpenAiConfig.Transport#JDK}).
 *
 * <p>Each call is one or more attempts under Resilience4j: a {@link Retry} retries transient failures (429,
 * 5xx, timeouts, connection resets) with exponential backoff and jitter, honouring {@code Retry-After} up to
 * a cap, while permanent ones (400, 401, 403, 404, 422) are not retried; a {@link CircuitBreaker} around each
 * attempt makes a dead endpoint fail fast with {@code CIRCUIT_OPEN} instead of making every caller wait
 * through its timeouts and retries. Every attempt and pause of a call shares one time budget: no retry starts
 * after {@link OpenAiConfig#retryBudget()}, and nothing waits past {@link OpenAiConfig#callTimeout()} (or the
 * caller's {@link CallDeadline}, if earlier). Response bodies are bounded by
 * {@link OpenAiConfig#maxResponseBytes()}.
 *
 * <p>Errors and logs show the endpoint's URL redacted ({@link Redaction#url}) and never the key.
 * Immutable and thread-safe: build once, share across any number of threads.
 */
public class OpenAiCompatibleLlmProvider implements LlmProvider {

    private static final long DEADLINE_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    public static final String KIND = "openai";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleLlmProvider.class);
    private static final NodeDefinition DEFINITION = new NodeDefinition(KIND, NodeType.LANGUAGE_MODEL,
            "OpenAI-compatible Chat Model", 1, null);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final OpenAiConfig config;
    private final NodeDefinition definition;
    private final String keyVariable;
    /** How errors name the endpoint: its name and redacted URL, e.g. "DeepSeek https://api.deepseek.com/...". */
    private final String endpoint;
    private final HttpTransport transport;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A provider for the endpoint of {@code config}, kind {@value #KIND}, key variable {@code OPENAI_API_KEY}. */
    public OpenAiCompatibleLlmProvider(OpenAiConfig config) {
        this(config, DEFINITION, "OPENAI_API_KEY", "OpenAI-compatible endpoint");
    }

    /**
     * For providers that are this engine under another name (DeepSeek).
     *
     * @param keyVariable  the setting users set the key with, named in authentication errors
     * @param endpointName how errors name the endpoint, e.g. "DeepSeek"
     */
    protected OpenAiCompatibleLlmProvider(OpenAiConfig config, NodeDefinition definition, String keyVariable,
                                          String endpointName) {
        this(config, definition, keyVariable, endpointName, null);
    }

    /** With a given transport (tests: an OkHttp transport trusting a test certificate); null builds the configured one. */
    OpenAiCompatibleLlmProvider(OpenAiConfig config, NodeDefinition definition, String keyVariable,
                                String endpointName, HttpTransport transport) {
        this.config = Objects.requireNonNull(config, "config");
        this.definition = Objects.requireNonNull(definition, "definition");
        this.keyVariable = keyVariable;
        this.endpoint = endpointName + " " + Redaction.url(config.chatCompletionsUrl().toString());
        this.transport = transport != null ? transport : switch (config.transport()) {
            case OKHTTP -> new OkHttpTransport(config);
            case JDK -> new JdkHttpTransport(config);
        };
        String name = definition.kind() + "@" + config.chatCompletionsUrl().host() + ":"
                + config.chatCompletionsUrl().port();
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(config.maxRetries() + 1)
                .retryOnException(e -> e instanceof EndpointException failure && failure.retryable())
                .intervalBiFunction(this::pauseMillis)
                .build());
        retry.getEventPublisher().onRetry(event -> LOG.debug("{} attempt {} failed ({}); retrying in {} ms",
                endpoint, event.getNumberOfRetryAttempts(), event.getLastThrowable().getMessage(),
                event.getWaitInterval().toMillis()));
        this.breaker = config.circuitBreakerWindow() == 0 ? null : CircuitBreaker.of(name,
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(config.circuitBreakerWindow())
                        .minimumNumberOfCalls(config.circuitBreakerWindow())
                        .failureRateThreshold(config.circuitBreakerFailureRate())
                        .waitDurationInOpenState(config.circuitBreakerOpenDuration())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        // Counted against the endpoint: only failures that say it is unhealthy. Other
                        // endpoint answers (400, 401, 429) count as successes; anything else (cancelled, a
                        // listener that threw) is no verdict at all.
                        .recordException(e -> e instanceof EndpointException failure && failure.endpointFault())
                        .ignoreException(e -> !(e instanceof EndpointException))
                        .writableStackTraceEnabled(false)
                        .build());
    }

    @Override
    public NodeDefinition definition() {
        return definition;
    }

    @Override
    public String defaultModel() {
        return config.model();
    }

    /** The configuration (its {@code toString()} masks the key and redacts the URL). */
    public OpenAiConfig config() {
        return config;
    }

    /** The circuit breaker's state, e.g. {@code CLOSED} or {@code OPEN}; {@code DISABLED} without one. */
    public String circuitState() {
        return breaker == null ? "DISABLED" : breaker.getState().name();
    }

    @Override
    public LlmResponse call(List<Message> messages, LlmConfig llmConfig) {
        String model = modelFor(messages, llmConfig);
        byte[] body = ChatRequestWriter.write(model, messages, llmConfig, false);
        return execute(call -> receive(body, model, call));
    }

    @Override
    public LlmResponse stream(List<Message> messages, LlmConfig llmConfig, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        String model = modelFor(messages, llmConfig);
        byte[] body = ChatRequestWriter.write(model, messages, llmConfig, true);
        return execute(call -> receiveStream(body, model, listener, call));
    }

    /** Releases the pooled connections. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            transport.close();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + config + "]";
    }

    /** A provider of kind {@value #KIND} on the given transport. */
    static OpenAiCompatibleLlmProvider withTransport(OpenAiConfig config, HttpTransport transport) {
        return new OpenAiCompatibleLlmProvider(config, DEFINITION, "OPENAI_API_KEY", "OpenAI-compatible endpoint",
                transport);
    }

    private String modelFor(List<Message> messages, LlmConfig llmConfig) {
        if (closed.get()) {
            throw closedError();
        }
        Objects.requireNonNull(llmConfig, "config");
        if (messages == null || messages.isEmpty()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "a model call needs at least one message");
        }
        return llmConfig.model() == null ? config.model() : llmConfig.model();
    }

    /** One attempt of a call, given the call's clock. */
    @FunctionalInterface
    private interface Attempt {
        LlmResponse run(CallClock call);
    }

    /**
     * The time limits of one call, shared by its attempts: when it started, when it must end (the call
     * timeout, or the caller's deadline if earlier), when retries stop, and how many attempts were made.
     */
    private static final class CallClock {
        final long start;
        final long deadline;
        final long retryEnd;
        int attempts;

        CallClock(long start, long deadline, long retryEnd) {
            this.start = start;
            this.deadline = deadline;
            this.retryEnd = Math.min(retryEnd - start, deadline - start) + start;
        }

        long remainingNanos() {
            return deadline - System.nanoTime();
        }
    }

    private LlmResponse execute(Attempt attempt) {
        long start = System.nanoTime();
        long callerRemaining = CallDeadline.remainingNanos();
        if (callerRemaining <= 0) {
            throw new NodeExecutionException(ErrorCode.TIMEOUT, "no time was left for a call to " + endpoint
                    + " before the caller's deadline");
        }
        long deadline = start + Math.min(config.callTimeout().toNanos(), callerRemaining);
        CallClock clock = new CallClock(start, deadline, start + config.retryBudget().toNanos());
        Supplier<LlmResponse> once = () -> attemptWithinBudget(attempt, clock);
        if (breaker != null) {
            once = CircuitBreaker.decorateSupplier(breaker, once);
        }
        try {
            return Retry.decorateSupplier(retry, once).get();
        } catch (CallNotPermittedException e) {
            throw new NodeExecutionException(ErrorCode.CIRCUIT_OPEN, "the circuit breaker for " + endpoint
                    + " is open after repeated failures; calls fail fast for up to "
                    + config.circuitBreakerOpenDuration().toSeconds() + " s before the endpoint is tried again");
        } catch (EndpointException e) {
            // Resilience4j restores the interrupt and rethrows the last failure when interrupted in a pause.
            throwIfInterrupted();
            throw clock.attempts <= 1 ? e : new NodeExecutionException(e.code(),
                    e.getMessage() + " (after " + clock.attempts + " attempts)", e);
        }
    }

    /**
     * Runs one attempt; a retryable failure comes out as final when the call's budget cannot afford the
     * next attempt (no time left, or the server's Retry-After reaches past the budget).
     */
    private LlmResponse attemptWithinBudget(Attempt attempt, CallClock clock) {
        if (clock.attempts > 0 && clock.remainingNanos() <= 0) {
            throw callTimeout(clock);
        }
        clock.attempts++;
        try {
            return attempt.run(clock);
        } catch (EndpointException e) {
            if (!e.retryable()) {
                throw e;
            }
            // The longest the next pause can be: the next attempt must start before the budget ends.
            long longestPause = Math.max(backoffCeilingNanos(clock.attempts),
                    Math.min(e.retryAfterNanos(), config.maxRetryAfter().toNanos()));
            if (longestPause >= clock.retryEnd - System.nanoTime()) {
                throw e.last();
            }
            throw e;
        }
    }

    /**
     * The pause before retry number {@code retry} (1 for the first): exponential backoff with "equal jitter"
     * (half fixed, half random), or the server's Retry-After (capped) when that is longer. The budget check
     * in {@link #attemptWithinBudget} has already made sure the pause ends within the retry budget.
     */
    private long pauseMillis(int retryNumber, Either<Throwable, Object> outcome) {
        long half = backoffCeilingNanos(retryNumber) / 2;
        long pause = half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0);
        if (outcome.isLeft() && outcome.getLeft() instanceof EndpointException e && e.retryAfterNanos() >= 0) {
            pause = Math.max(pause, Math.min(e.retryAfterNanos(), config.maxRetryAfter().toNanos()));
        }
        return TimeUnit.NANOSECONDS.toMillis(pause);
    }

    /** The longest backoff before retry number {@code retryNumber} (1 for the first). */
    private long backoffCeilingNanos(int retryNumber) {
        int doublings = Math.min(Math.max(retryNumber - 1, 0), 30);
        long initial = config.initialBackoff().toNanos();
        long max = config.maxBackoff().toNanos();
        return initial > max >> doublings ? max : initial << doublings;
    }

    /** One attempt of a call that wants the whole answer as one JSON completion. */
    private LlmResponse receive(byte[] body, String model, CallClock call) {
        HttpTransport.Response response = send(body, HttpTransport.JSON, call);
        try (response) {
            InputStream in = checkStatus(response);
            LlmResponse result = readWhole(in, new ResponseAssembler(model, StreamListener.NONE));
            drain(in);
            return result;
        } catch (IOException e) {
            throw readFailure(e, response, call);
        }
    }

    /** One attempt of a streamed call; a failure after text reached the listener is final (no retry). */
    private LlmResponse receiveStream(byte[] body, String model, StreamListener listener, CallClock call) {
        ResponseAssembler assembler = new ResponseAssembler(model, listener);
        HttpTransport.Response response = send(body, HttpTransport.EVENT_STREAM, call);
        try (response) {
            InputStream in = checkStatus(response);
            String contentType = response.header("content-type");
            if (contentType != null && contentType.startsWith("application/json")) {
                // The endpoint ignored "stream": hand the whole answer over in reading order.
                LlmResponse result = readWhole(in, new ResponseAssembler(model, StreamListener.NONE));
                drain(in);
                if (result.reasoning() != null && !result.reasoning().isEmpty()) {
                    listener.onReasoning(result.reasoning());
                }
                if (!result.content().isEmpty()) {
                    listener.onContent(result.content());
                }
                return result;
            }
            LlmResponse result = readStream(in, assembler);
            drain(in);
            return result;
        } catch (IOException e) {
            EndpointException failure = readFailure(e, response, call);
            throw assembler.delivered() ? failure.last() : failure;
        } catch (EndpointException e) {
            throw assembler.delivered() ? e.last() : e;
        }
    }

    private HttpTransport.Response send(byte[] body, String accept, CallClock call) {
        try {
            return transport.post(body, accept, call.deadline);
        } catch (IOException e) {
            throwIfInterrupted();
            if (closed.get()) {
                throw closedError();
            }
            // The JDK client's own timer, set to what was left of the deadline, can fire a hair before our
            // clock says the deadline passed: a failure that close to it is the deadline's.
            if (call.remainingNanos() <= DEADLINE_SLACK_NANOS) {
                throw callTimeout(call);
            }
            if (e instanceof HttpConnectTimeoutException) {
                throw EndpointException.timeout("could not connect to " + endpoint + " within "
                        + config.connectTimeout().toMillis() + " ms");
            }
            if (e instanceof HttpTimeoutException) {
                throw EndpointException.timeout(endpoint + " did not answer within "
                        + config.readTimeout().toMillis() + " ms (read timeout)");
            }
            throw EndpointException.unavailable("cannot reach " + endpoint + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeExecutionException(ErrorCode.CANCELLED, "the model call was interrupted");
        }
    }

    /** The bounded body of a 2xx response; an error status becomes its failure. */
    private InputStream checkStatus(HttpTransport.Response response) throws IOException {
        InputStream in = response.body();
        int status = response.status();
        if (status < 200 || status > 299) {
            throw statusError(status, in.readNBytes(MAX_ERROR_BODY), response.header("retry-after"));
        }
        return new LimitedInputStream(in, config.maxResponseBytes());
    }

    /** What an IOException while reading a body means, checked in order of precedence. */
    private EndpointException readFailure(IOException e, HttpTransport.Response response, CallClock call) {
        throwIfInterrupted();
        if (e instanceof LimitedInputStream.TooLarge) {
            return EndpointException.tooLarge(endpoint + " sent a reply larger than " + config.maxResponseBytes()
                    + " bytes (the response size limit); raise maxResponseBytes (*_MAX_RESPONSE_BYTES) if the"
                    + " model's answers are really that long");
        }
        if (e instanceof ChatResponseReader.ErrorBody) {
            return EndpointException.unavailable(endpoint + " reported an error: " + redact(e.getMessage()));
        }
        if (call.remainingNanos() <= 0) {
            return callTimeout(call);
        }
        if (response.timedOut() || e instanceof SocketTimeoutException) {
            return EndpointException.timeout(endpoint + " sent nothing for " + config.readTimeout().toMillis()
                    + " ms while answering (read timeout)");
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            return EndpointException.protocol(endpoint + " sent a reply that is not valid chat-completions JSON: "
                    + redact(Redaction.line(json.getOriginalMessage())));
        }
        return EndpointException.unavailable("the connection to " + endpoint + " failed while reading the reply: "
                + describe(e));
    }

    private EndpointException callTimeout(CallClock call) {
        return EndpointException.deadline(endpoint + " did not finish within "
                + TimeUnit.NANOSECONDS.toMillis(call.deadline - call.start)
                + " ms (the call timeout, or what was left of the caller's deadline)");
    }

    private NodeExecutionException closedError() {
        return new NodeExecutionException(ErrorCode.PROVIDER_CLOSED, "the " + definition.kind()
                + " chat model was closed; build a new one");
    }

    /** An interrupted virtual thread's socket is closed under it; report that as the cancellation it is. */
    private static void throwIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new NodeExecutionException(ErrorCode.CANCELLED, "the model call was interrupted");
        }
    }

    private LlmResponse readWhole(InputStream in, ResponseAssembler assembler) throws IOException {
        ChatResponseReader.read(in, assembler);
        if (!assembler.sawChoice()) {
            throw EndpointException.protocol(endpoint + " sent a reply without choices");
        }
        return build(assembler);
    }

    private LlmResponse readStream(InputStream in, ResponseAssembler assembler) throws IOException {
        SseReader events = new SseReader(in);
        byte[] data;
        boolean done = false;
        while ((data = events.nextData()) != null) {
            if (isDone(data)) {
                done = true;
                break;
            }
            ChatResponseReader.read(data, assembler);
        }
        if (!done && assembler.finishReasonSoFar() == null) {
            throw EndpointException.protocol("the stream from " + endpoint
                    + " ended before the answer was complete (no finish reason and no [DONE])");
        }
        return build(assembler);
    }

    private LlmResponse build(ResponseAssembler assembler) {
        try {
            return assembler.build();
        } catch (NodeExecutionException e) {
            throw EndpointException.protocol(endpoint + ": " + e.getMessage());
        }
    }

    private static boolean isDone(byte[] data) {
        return data.length == 6 && data[0] == '[' && data[1] == 'D' && data[2] == 'O' && data[3] == 'N'
                && data[4] == 'E' && data[5] == ']';
    }

    private EndpointException statusError(int status, byte[] body, String retryAfter) {
        StatusClass kind = StatusClass.of(status);
        String message = endpoint + " answered HTTP " + status + ": " + redact(ChatResponseReader.errorMessage(body));
        if (kind == StatusClass.AUTHENTICATION) {
            message += config.hasApiKey() ? "; check the API key in " + keyVariable
                    : "; no API key is set: set " + keyVariable;
        }
        return EndpointException.status(kind, message, kind.retryable() ? RetryAfter.nanos(retryAfter) : -1);
    }

    /** Removes the key should an endpoint echo it back, and the URLs' secrets. */
    private String redact(String text) {
        String shown = text;
        if (config.hasApiKey() && shown.contains(config.apiKey())) {
            shown = shown.replace(config.apiKey(), "****");
        }
        return Redaction.line(shown);
    }

    private String describe(IOException e) {
        String message = e.getMessage();
        return redact(e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")"));
    }

    /** Reads what is left so that the connection goes back to the pool instead of being closed. */
    private static void drain(InputStream in) throws IOException {
        byte[] skip = new byte[512];
        while (in.read(skip) >= 0) {
            // discard
        }
    }
}
