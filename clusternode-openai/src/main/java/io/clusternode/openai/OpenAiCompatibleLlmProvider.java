package io.clusternode.openai;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.spi.StreamListener;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat model sub-node for any endpoint that speaks OpenAI's chat-completions API: OpenAI itself,
 * DeepSeek, Ollama, vLLM, llama.cpp's server, LM Studio, and the many gateways that copy it.
 *
 * <p>One pooled keep-alive HTTP/1.1 transport per provider carries every call, so concurrent callers
 * share warm connections instead of paying a TCP (and TLS) handshake each: by default OkHttp's blocking
 * calls driven by the calling thread ({@link OpenAiConfig.Transport#OKHTTP}), or the JDK {@code HttpClient}
 * ({@link OpenAiConfig.Transport#JDK}). Transient failures
 * (429, 500, 502, 503, 504, timeouts, connection resets) are retried with exponential backoff and jitter,
 * honouring {@code Retry-After} up to a cap; permanent ones (400, 401, 403, 404, 422) are not. A circuit
 * breaker over the attempts makes a dead endpoint fail fast with {@code CIRCUIT_OPEN} instead of making
 * every caller wait through its timeouts and retries.
 *
 * <p>Immutable and thread-safe: build once, share across any number of threads.
 */
public class OpenAiCompatibleLlmProvider implements LlmProvider {

    public static final String KIND = "openai";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleLlmProvider.class);
    private static final NodeDefinition DEFINITION = new NodeDefinition(KIND, NodeType.LANGUAGE_MODEL,
            "OpenAI-compatible Chat Model", 1, null);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final OpenAiConfig config;
    private final NodeDefinition definition;
    private final String keyVariable;
    private final String endpointName;
    private final URI uri;
    private final boolean hasKey;
    private final HttpTransport transport;
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
        this.endpointName = endpointName;
        this.uri = config.chatCompletionsUri();
        this.hasKey = config.hasApiKey();
        this.transport = transport != null ? transport : switch (config.transport()) {
            case OKHTTP -> new OkHttpTransport(config);
            case JDK -> new JdkHttpTransport(config);
        };
        this.breaker = config.circuitBreakerWindow() == 0 ? null : CircuitBreaker.of(
                definition.kind() + "@" + uri.getHost() + ":" + uri.getPort(),
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(config.circuitBreakerWindow())
                        .minimumNumberOfCalls(config.circuitBreakerWindow())
                        .failureRateThreshold(config.circuitBreakerFailureRate())
                        .waitDurationInOpenState(config.circuitBreakerOpenDuration())
                        .permittedNumberOfCallsInHalfOpenState(1)
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

    /** The configuration (its {@code toString()} masks the key). */
    public OpenAiConfig config() {
        return config;
    }

    /** The circuit breaker's state, e.g. {@code CLOSED} or {@code OPEN}; {@code DISABLED} without one. */
    public String circuitState() {
        return breaker == null ? "DISABLED" : breaker.getState().name();
    }

    @Override
    public LlmResponse call(List<Message> messages, LlmConfig llmConfig) {
        return execute(messages, llmConfig, false, StreamListener.NONE);
    }

    @Override
    public LlmResponse stream(List<Message> messages, LlmConfig llmConfig, StreamListener listener) {
        return execute(messages, llmConfig, true, Objects.requireNonNull(listener, "listener"));
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

    private LlmResponse execute(List<Message> messages, LlmConfig llmConfig, boolean stream, StreamListener listener) {
        if (closed.get()) {
            throw new NodeExecutionException(ErrorCode.PROVIDER_CLOSED, "the " + definition.kind()
                    + " chat model was closed; build a new one");
        }
        Objects.requireNonNull(llmConfig, "config");
        if (messages == null || messages.isEmpty()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "a model call needs at least one message");
        }
        String model = llmConfig.model() == null ? config.model() : llmConfig.model();
        byte[] body = ChatRequestWriter.write(model, messages, llmConfig, stream);
        for (int attempt = 0; ; attempt++) {
            if (breaker != null && !breaker.tryAcquirePermission()) {
                throw circuitOpen();
            }
            long start = breaker == null ? 0 : breaker.getCurrentTimestamp();
            ResponseAssembler assembler = new ResponseAssembler(model, listener);
            try {
                LlmResponse response = attempt(body, stream, assembler);
                if (breaker != null) {
                    breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
                }
                return response;
            } catch (EndpointException e) {
                if (breaker != null) {
                    if (e.endpointFault) {
                        breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
                    } else {
                        breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
                    }
                }
                boolean retryable = e.code() == ErrorCode.RATE_LIMITED || e.code() == ErrorCode.MODEL_UNAVAILABLE
                        || e.code() == ErrorCode.TIMEOUT;
                if (!retryable || attempt >= config.maxRetries() || assembler.delivered()) {
                    throw attempt == 0 ? e : new NodeExecutionException(e.code(),
                            e.getMessage() + " (after " + (attempt + 1) + " attempts)", e);
                }
                long pause = pauseNanos(attempt, e.retryAfterNanos);
                LOG.debug("{} attempt {} failed ({}); retrying in {} ms", endpointName, attempt + 1, e.getMessage(),
                        TimeUnit.NANOSECONDS.toMillis(pause));
                sleep(pause);
            } catch (RuntimeException e) {
                // Not a verdict on the endpoint (cancelled, a listener that threw): give the permission back.
                if (breaker != null) {
                    breaker.releasePermission();
                }
                throw e;
            }
        }
    }

    /** A provider of kind {@value #KIND} on the given transport. */
    static OpenAiCompatibleLlmProvider withTransport(OpenAiConfig config, HttpTransport transport) {
        return new OpenAiCompatibleLlmProvider(config, DEFINITION, "OPENAI_API_KEY", "OpenAI-compatible endpoint",
                transport);
    }

    private NodeExecutionException circuitOpen() {
        return new NodeExecutionException(ErrorCode.CIRCUIT_OPEN, "the circuit breaker for " + endpointName + " "
                + uri + " is open after repeated failures; calls fail fast for up to "
                + config.circuitBreakerOpenDuration().toSeconds() + " s before the endpoint is tried again");
    }

    /** Exponential backoff with "equal jitter" (half fixed, half random), or the server's Retry-After. */
    private long pauseNanos(int attempt, long retryAfterNanos) {
        long max = config.maxBackoff().toNanos();
        long base = Math.min(max, config.initialBackoff().toNanos() << Math.min(attempt, 30));
        long half = base / 2;
        long pause = half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0);
        if (retryAfterNanos >= 0) {
            pause = Math.max(pause, Math.min(retryAfterNanos, config.maxRetryAfter().toNanos()));
        }
        return pause;
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeExecutionException(ErrorCode.CANCELLED, "the model call was interrupted while waiting to retry");
        }
    }

    private LlmResponse attempt(byte[] body, boolean stream, ResponseAssembler assembler) {
        HttpTransport.Response response;
        try {
            response = transport.post(body, stream);
        } catch (HttpConnectTimeoutException e) {
            throw new EndpointException(ErrorCode.TIMEOUT, "could not connect to " + endpointName + " " + uri
                    + " within " + config.connectTimeout().toMillis() + " ms", -1, true);
        } catch (HttpTimeoutException e) {
            throw new EndpointException(ErrorCode.TIMEOUT, endpointName + " " + uri + " did not answer within "
                    + config.readTimeout().toMillis() + " ms (read timeout)", -1, true);
        } catch (IOException e) {
            throwIfInterrupted();
            if (closed.get()) {
                throw new NodeExecutionException(ErrorCode.PROVIDER_CLOSED, "the " + definition.kind()
                        + " chat model was closed; build a new one");
            }
            throw new EndpointException(ErrorCode.MODEL_UNAVAILABLE, "cannot reach " + endpointName + " " + uri
                    + ": " + describe(e), -1, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeExecutionException(ErrorCode.CANCELLED, "the model call was interrupted");
        }
        try (response) {
            InputStream in = response.body();
            int status = response.status();
            if (status < 200 || status > 299) {
                throw statusError(status, readLimited(in), response.header("retry-after"));
            }
            String contentType = response.header("content-type");
            boolean eventStream = stream && (contentType == null || !contentType.startsWith("application/json"));
            if (eventStream) {
                LlmResponse result = readStream(in, assembler);
                drain(in);
                return result;
            }
            LlmResponse result = readWhole(in, new ResponseAssembler(assembler.requestedModel(), StreamListener.NONE));
            drain(in);
            if (stream) {
                // The endpoint ignored "stream": hand the whole answer over in reading order.
                if (result.reasoning() != null && !result.reasoning().isEmpty()) {
                    assembler.listener().onReasoning(result.reasoning());
                }
                if (!result.content().isEmpty()) {
                    assembler.listener().onContent(result.content());
                }
            }
            return result;
        } catch (ChatResponseReader.ErrorBody e) {
            throw new EndpointException(ErrorCode.MODEL_UNAVAILABLE, endpointName + " " + uri
                    + " reported an error: " + redact(e.getMessage()), -1, true);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            if (response.timedOut()) {
                throw readTimeout();
            }
            throw new EndpointException(ErrorCode.MODEL_PROTOCOL_ERROR, endpointName + " " + uri
                    + " sent a reply that is not valid chat-completions JSON: " + e.getOriginalMessage(), -1, false);
        } catch (IOException e) {
            throwIfInterrupted();
            if (response.timedOut() || e instanceof SocketTimeoutException) {
                throw readTimeout();
            }
            throw new EndpointException(ErrorCode.MODEL_UNAVAILABLE, "the connection to " + endpointName + " " + uri
                    + " failed while reading the reply: " + describe(e), -1, true);
        }
    }

    /** An interrupted virtual thread's socket is closed under it; report that as the cancellation it is. */
    private static void throwIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new NodeExecutionException(ErrorCode.CANCELLED, "the model call was interrupted");
        }
    }

    private EndpointException readTimeout() {
        return new EndpointException(ErrorCode.TIMEOUT, endpointName + " " + uri + " sent nothing for "
                + config.readTimeout().toMillis() + " ms while answering (read timeout)", -1, true);
    }

    private LlmResponse readWhole(InputStream in, ResponseAssembler assembler) throws IOException {
        ChatResponseReader.read(in, assembler);
        if (!assembler.sawChoice()) {
            throw new EndpointException(ErrorCode.MODEL_PROTOCOL_ERROR, endpointName + " " + uri
                    + " sent a reply without choices", -1, false);
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
            throw new EndpointException(ErrorCode.MODEL_PROTOCOL_ERROR, "the stream from " + endpointName + " " + uri
                    + " ended before the answer was complete (no finish reason and no [DONE])", -1, false);
        }
        return build(assembler);
    }

    private LlmResponse build(ResponseAssembler assembler) {
        try {
            return assembler.build();
        } catch (NodeExecutionException e) {
            throw new EndpointException(e.code(), endpointName + " " + uri + ": " + e.getMessage(), -1, false);
        }
    }

    private static boolean isDone(byte[] data) {
        return data.length == 6 && data[0] == '[' && data[1] == 'D' && data[2] == 'O' && data[3] == 'N'
                && data[4] == 'E' && data[5] == ']';
    }

    private EndpointException statusError(int status, byte[] body, String retryAfter) {
        String detail = redact(ChatResponseReader.errorMessage(body));
        String prefix = endpointName + " " + uri + " answered HTTP " + status + ": " + detail;
        return switch (status) {
            case 401, 403 -> new EndpointException(ErrorCode.AUTHENTICATION_FAILED, prefix
                    + (!hasKey ? "; no API key is set: set " + keyVariable
                    : "; check the API key in " + keyVariable), -1, false);
            case 429 -> new EndpointException(ErrorCode.RATE_LIMITED, prefix, retryAfterNanos(retryAfter), false);
            default -> status >= 500
                    ? new EndpointException(ErrorCode.MODEL_UNAVAILABLE, prefix, retryAfterNanos(retryAfter), true)
                    : new EndpointException(ErrorCode.MODEL_REQUEST_REJECTED, prefix, -1, false);
        };
    }

    /** Retry-After as delta-seconds or an HTTP date; -1 when absent or unreadable. */
    static long retryAfterNanos(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        String text = value.strip();
        try {
            double seconds = Double.parseDouble(text);
            return seconds < 0 ? -1 : (long) (seconds * 1_000_000_000L);
        } catch (NumberFormatException e) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(text, HTTP_DATE));
                return Math.max(0, until.toNanos());
            } catch (DateTimeParseException | ArithmeticException ignored) {
                return -1;
            }
        }
    }

    /** Removes the key should an endpoint echo it back in an error message. */
    private String redact(String text) {
        if (config.hasApiKey() && text.contains(config.apiKey())) {
            return text.replace(config.apiKey(), "****");
        }
        return text;
    }

    private String describe(IOException e) {
        String message = e.getMessage();
        String text = e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
        return redact(text);
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        return in.readNBytes(MAX_ERROR_BODY);
    }

    /** Reads what is left so that the connection goes back to the pool instead of being closed. */
    private static void drain(InputStream in) throws IOException {
        byte[] skip = new byte[512];
        while (in.read(skip) >= 0) {
            // discard
        }
    }

    /**
     * A failed attempt: the code users see, plus what the retry loop needs (the server's Retry-After, and
     * whether the failure says the endpoint is unhealthy, which is what the circuit breaker counts).
     */
    private static final class EndpointException extends NodeExecutionException {
        private final transient long retryAfterNanos;
        private final transient boolean endpointFault;

        EndpointException(ErrorCode code, String message, long retryAfterNanos, boolean endpointFault) {
            super(code, message);
            this.retryAfterNanos = retryAfterNanos;
            this.endpointFault = endpointFault;
        }
    }
}
