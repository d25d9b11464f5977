package io.clusternode.openai;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.secret.Redaction;
import io.clusternode.core.spi.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import okhttp3.HttpUrl;

/**
 * Everything an OpenAI-compatible chat model sub-node needs: where the endpoint is, the key, the default
 * model, and how patient and persistent to be with it.
 *
 * <p>The API key is held here because the provider needs it on every request, but {@link #toString()} masks
 * it and redacts the base URL's user info, so that logging a configuration never leaks a secret. Every
 * invalid value is a {@link NodeExecutionException} with {@code INVALID_INPUT} whose message describes what
 * is expected and never repeats the value (a key pasted into the wrong setting must not be printed).
 *
 * <p>The defaults live in one place, {@link Builder}; the record itself only validates.
 *
 * @param baseUrl                    endpoint base, e.g. {@code https://api.openai.com/v1}; the request URL is
 *                                   this URL with {@code chat/completions} added to its path (a query
 *                                   string, e.g. {@code ?api-version=...}, is kept after the path)
 * @param apiKey                     bearer token (visible ASCII); null for local servers that need none
 * @param model                      model used when a call's {@code LlmConfig} names none
 * @param connectTimeout             time to open a TCP (and TLS) connection
 * @param readTimeout                time to wait for the response headers, and the longest silence tolerated
 *                                   between two pieces of a response body
 * @param callTimeout                total deadline of one model call: every attempt, every pause between
 *                                   attempts and the whole streamed answer
 * @param maxRetries                 extra attempts after a transient failure (429, 5xx, timeout, reset); 0 = none
 * @param initialBackoff             pause before the first retry; doubled on each further retry, with jitter
 * @param maxBackoff                 upper bound of one pause
 * @param maxRetryAfter              upper bound on how long a server's {@code Retry-After} may make us wait
 * @param retryBudget                time from the start of a call after which no retry starts (every retry
 *                                   of a call shares it), and no pause may end later than it
 * @param maxResponseBytes           largest response body read, streamed or not; a larger one fails with
 *                                   {@code LIMIT_EXCEEDED} and is not retried
 * @param circuitBreakerWindow       number of recent attempts the circuit breaker judges (0 disables it)
 * @param circuitBreakerFailureRate  percentage of failed attempts in that window that opens the circuit
 * @param circuitBreakerOpenDuration how long an open circuit fails calls fast before probing again
 * @param transport                  the HTTP client: {@link Transport#OKHTTP} (default, fastest) or
 *                                   {@link Transport#JDK} (the JDK {@code HttpClient})
 */
public record OpenAiConfig(String baseUrl, String apiKey, String model, Duration connectTimeout,
                           Duration readTimeout, Duration callTimeout, int maxRetries, Duration initialBackoff,
                           Duration maxBackoff, Duration maxRetryAfter, Duration retryBudget, long maxResponseBytes,
                           int circuitBreakerWindow, float circuitBreakerFailureRate,
                           Duration circuitBreakerOpenDuration, Transport transport) {

    /** Which HTTP/1.1 client carries the calls; both pool keep-alive connections. */
    public enum Transport {
        /**
         * OkHttp, its blocking {@code execute()} run on the calling (virtual) thread: no thread hand-off per
         * call, which makes it about 2-3x faster per call than the JDK client (docs/models.md).
         */
        OKHTTP,
        /** The JDK {@code java.net.http.HttpClient} (HTTP/1.1), for environments that prefer the JDK's client. */
        JDK
    }

    public static final String OPENAI_BASE_URL = "https://api.openai.com/v1";
    public static final String DEEPSEEK_BASE_URL = "https://api.deepseek.com";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(8);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofSeconds(60);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_CIRCUIT_BREAKER_WINDOW = 20;
    public static final float DEFAULT_CIRCUIT_BREAKER_FAILURE_RATE = 50f;
    public static final Duration DEFAULT_CIRCUIT_BREAKER_OPEN_DURATION = Duration.ofSeconds(30);

    /** Bounds that keep arithmetic and the circuit breaker's window array sane. */
    private static final int MAX_RETRIES = 100;
    private static final int MAX_CIRCUIT_BREAKER_WINDOW = 10_000;
    private static final Duration MAX_DURATION = Duration.ofDays(365);

    /**
     * The settings {@link #fromSettings} reads, by suffix after the prefix, each with what it expects. An
     * invalid value is reported with that description, never echoed.
     */
    private static final List<Binding<?>> BINDINGS = List.of(
            new Binding<>("_BASE_URL", "an http:// or https:// URL with a host",
                    v -> parseBaseUrl(v) == null ? null : v, Builder::baseUrl),
            new Binding<>("_API_KEY", "the key as issued: visible ASCII characters, no spaces or line breaks",
                    v -> v.isEmpty() ? "" : validKey(v) ? v : null, Builder::apiKey),
            new Binding<>("_CONNECT_TIMEOUT_SECONDS", "a number of seconds greater than zero",
                    OpenAiConfig::positiveSeconds, Builder::connectTimeout),
            new Binding<>("_TIMEOUT_SECONDS", "a number of seconds greater than zero",
                    OpenAiConfig::positiveSeconds, Builder::readTimeout),
            new Binding<>("_CALL_TIMEOUT_SECONDS", "a number of seconds greater than zero",
                    OpenAiConfig::positiveSeconds, Builder::callTimeout),
            new Binding<>("_MAX_RETRIES", "a whole number from 0 to " + MAX_RETRIES,
                    v -> (Integer) (int) wholeNumber(v, MAX_RETRIES), Builder::maxRetries),
            new Binding<>("_INITIAL_BACKOFF_MS", "a whole number of milliseconds, zero or more",
                    v -> Duration.ofMillis(wholeNumber(v, MAX_DURATION.toMillis())), Builder::initialBackoff),
            new Binding<>("_MAX_BACKOFF_MS", "a whole number of milliseconds, zero or more",
                    v -> Duration.ofMillis(wholeNumber(v, MAX_DURATION.toMillis())), Builder::maxBackoff),
            new Binding<>("_MAX_RETRY_AFTER_SECONDS", "a number of seconds, zero or more",
                    OpenAiConfig::seconds, Builder::maxRetryAfter),
            new Binding<>("_RETRY_BUDGET_SECONDS", "a number of seconds, zero or more",
                    OpenAiConfig::seconds, Builder::retryBudget),
            new Binding<>("_MAX_RESPONSE_BYTES", "a whole number of bytes greater than zero",
                    v -> positive(wholeNumber(v, Long.MAX_VALUE)), Builder::maxResponseBytes),
            new Binding<>("_CIRCUIT_BREAKER_WINDOW", "a whole number from 0 (off) to " + MAX_CIRCUIT_BREAKER_WINDOW,
                    v -> (Integer) (int) wholeNumber(v, MAX_CIRCUIT_BREAKER_WINDOW), Builder::circuitBreakerWindow),
            new Binding<>("_CIRCUIT_BREAKER_FAILURE_RATE", "a percentage above 0 and at most 100",
                    OpenAiConfig::percentage, Builder::circuitBreakerFailureRate),
            new Binding<>("_CIRCUIT_BREAKER_OPEN_SECONDS", "a number of seconds greater than zero",
                    OpenAiConfig::positiveSeconds, Builder::circuitBreakerOpenDuration),
            new Binding<>("_HTTP_CLIENT", "'okhttp' or 'jdk'", OpenAiConfig::transportNamed, Builder::transport));

    public OpenAiConfig {
        HttpUrl url = parseBaseUrl(baseUrl);
        if (url == null) {
            throw invalid(baseUrl == null || baseUrl.isBlank() ? "the model endpoint's base URL must not be empty"
                    : "the base URL must be an http:// or https:// URL with a host");
        }
        baseUrl = trimmedBaseUrl(baseUrl);
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        if (apiKey != null && !validKey(apiKey)) {
            throw invalid("the API key must be visible ASCII characters without spaces or line breaks;"
                    + " copy the key again");
        }
        if (model == null || model.isBlank()) {
            throw invalid("the model name must not be empty");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(callTimeout, "callTimeout");
        if (maxRetries < 0 || maxRetries > MAX_RETRIES) {
            throw invalid("maxRetries must be between 0 and " + MAX_RETRIES);
        }
        requireNotNegative(initialBackoff, "initialBackoff");
        requireNotNegative(maxBackoff, "maxBackoff");
        requireNotNegative(maxRetryAfter, "maxRetryAfter");
        requireNotNegative(retryBudget, "retryBudget");
        if (maxResponseBytes < 1) {
            throw invalid("maxResponseBytes must be positive");
        }
        if (circuitBreakerWindow < 0 || circuitBreakerWindow > MAX_CIRCUIT_BREAKER_WINDOW) {
            throw invalid("circuitBreakerWindow must be between 0 and " + MAX_CIRCUIT_BREAKER_WINDOW);
        }
        if (!(circuitBreakerFailureRate > 0 && circuitBreakerFailureRate <= 100)) {
            throw invalid("circuitBreakerFailureRate must be above 0 and at most 100");
        }
        requirePositive(circuitBreakerOpenDuration, "circuitBreakerOpenDuration");
        if (transport == null) {
            throw invalid("transport must be set");
        }
    }

    /** A configuration with every default, for {@code baseUrl}, {@code apiKey} and {@code model}. */
    public static OpenAiConfig of(String baseUrl, String apiKey, String model) {
        return builder().baseUrl(baseUrl).apiKey(apiKey).model(model).build();
    }

    /** A builder holding every default, for the OpenAI endpoint. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to change a few. */
    public Builder toBuilder() {
        return new Builder().baseUrl(baseUrl).apiKey(apiKey).model(model).connectTimeout(connectTimeout)
                .readTimeout(readTimeout).callTimeout(callTimeout).maxRetries(maxRetries)
                .initialBackoff(initialBackoff).maxBackoff(maxBackoff).maxRetryAfter(maxRetryAfter)
                .retryBudget(retryBudget).maxResponseBytes(maxResponseBytes)
                .circuitBreakerWindow(circuitBreakerWindow).circuitBreakerFailureRate(circuitBreakerFailureRate)
                .circuitBreakerOpenDuration(circuitBreakerOpenDuration).transport(transport);
    }

    /**
     * Reads a configuration from settings whose keys start with {@code prefix} ({@code OPENAI} or
     * {@code DEEPSEEK}): {@code _BASE_URL}, {@code _API_KEY}, {@code _CONNECT_TIMEOUT_SECONDS},
     * {@code _TIMEOUT_SECONDS} (the read timeout), {@code _CALL_TIMEOUT_SECONDS}, {@code _MAX_RETRIES},
     * {@code _INITIAL_BACKOFF_MS}, {@code _MAX_BACKOFF_MS}, {@code _MAX_RETRY_AFTER_SECONDS},
     * {@code _RETRY_BUDGET_SECONDS}, {@code _MAX_RESPONSE_BYTES}, {@code _CIRCUIT_BREAKER_WINDOW},
     * {@code _CIRCUIT_BREAKER_FAILURE_RATE}, {@code _CIRCUIT_BREAKER_OPEN_SECONDS}, {@code _HTTP_CLIENT}
     * ({@code okhttp} or {@code jdk}). Unset keys take the defaults.
     *
     * @throws NodeExecutionException with {@code INVALID_INPUT} naming the first invalid setting and what it
     *                                expects (never its value)
     */
    public static OpenAiConfig fromSettings(String prefix, Settings settings, String defaultBaseUrl, String model) {
        Builder builder = builder().baseUrl(defaultBaseUrl).model(model);
        for (Binding<?> binding : BINDINGS) {
            binding.apply(prefix, settings, builder);
        }
        return builder.build();
    }

    /** The chat-completions URL of this endpoint, built with a URL builder so a query string stays last. */
    public HttpUrl chatCompletionsUrl() {
        return HttpUrl.get(baseUrl).newBuilder().addPathSegments("chat/completions").build();
    }

    /** {@link #chatCompletionsUrl()} as a {@link URI}. */
    public URI chatCompletionsUri() {
        return chatCompletionsUrl().uri();
    }

    public boolean hasApiKey() {
        return apiKey != null;
    }

    /** This configuration with another default model. */
    public OpenAiConfig withModel(String value) {
        return toBuilder().model(value).build();
    }

    @Override
    public String toString() {
        return "OpenAiConfig[baseUrl=" + Redaction.url(baseUrl) + ", apiKey=" + (apiKey == null ? "none" : "****")
                + ", model=" + model + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", callTimeout=" + callTimeout + ", maxRetries=" + maxRetries + ", initialBackoff="
                + initialBackoff + ", maxBackoff=" + maxBackoff + ", maxRetryAfter=" + maxRetryAfter
                + ", retryBudget=" + retryBudget + ", maxResponseBytes=" + maxResponseBytes
                + ", circuitBreakerWindow=" + circuitBreakerWindow
                + ", circuitBreakerFailureRate=" + circuitBreakerFailureRate
                + ", circuitBreakerOpenDuration=" + circuitBreakerOpenDuration + ", transport=" + transport + "]";
    }

    /** The parsed base URL, or null when {@code value} is not an http(s) URL with a host. */
    private static HttpUrl parseBaseUrl(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return HttpUrl.parse(trimmedBaseUrl(value));
    }

    private static String trimmedBaseUrl(String value) {
        String url = value.strip();
        int end = url.length();
        int query = url.indexOf('?');
        int pathEnd = query < 0 ? end : query;
        int slashes = pathEnd;
        while (slashes > 0 && url.charAt(slashes - 1) == '/') {
            slashes--;
        }
        // "https://h/v1/" and "https://h/v1" are the same endpoint; "chat/completions" is added after the path.
        return slashes == pathEnd ? url : url.substring(0, slashes) + url.substring(pathEnd);
    }

    /** A key goes into an HTTP header: only visible ASCII, so a pasted line break cannot split the request. */
    private static boolean validKey(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    private static NodeExecutionException invalid(String message) {
        return new NodeExecutionException(ErrorCode.INVALID_INPUT, message);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero() || value.compareTo(MAX_DURATION) > 0) {
            throw invalid(name + " must be a positive duration of at most a year");
        }
    }

    private static void requireNotNegative(Duration value, String name) {
        if (value == null || value.isNegative() || value.compareTo(MAX_DURATION) > 0) {
            throw invalid(name + " must be a duration of zero or more, at most a year");
        }
    }

    private static long wholeNumber(String value, long max) {
        long n = Long.parseLong(value);
        if (n < 0 || n > max) {
            throw new NumberFormatException();
        }
        return n;
    }

    private static Long positive(long value) {
        return value > 0 ? value : null;
    }

    private static Duration seconds(String value) {
        double s = Double.parseDouble(value);
        if (!(s >= 0 && s <= MAX_DURATION.toSeconds())) {
            return null;
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private static Duration positiveSeconds(String value) {
        Duration d = seconds(value);
        return d == null || d.isZero() ? null : d;
    }

    private static Float percentage(String value) {
        float rate = Float.parseFloat(value);
        return rate > 0 && rate <= 100 ? rate : null;
    }

    private static Transport transportNamed(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "jdk" -> Transport.JDK;
            case "okhttp" -> Transport.OKHTTP;
            default -> null;
        };
    }

    /**
     * One setting: its key suffix, what a valid value is (the error text), how to read it (null or an
     * exception for invalid input), and where it goes.
     */
    private record Binding<T>(String suffix, String expected, Function<String, T> parse, BiConsumer<Builder, T> set) {
        void apply(String prefix, Settings settings, Builder builder) {
            settings.get(prefix + suffix).ifPresent(raw -> {
                T value;
                try {
                    value = parse.apply(raw.strip());
                } catch (RuntimeException e) {
                    value = null;
                }
                if (value == null) {
                    throw invalid(prefix + suffix + " must be " + expected);
                }
                set.accept(builder, value);
            });
        }
    }

    /** Collects settings; this is where every default is applied. */
    public static final class Builder {
        private String baseUrl = OPENAI_BASE_URL;
        private String apiKey;
        private String model;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        private Duration retryBudget = DEFAULT_RETRY_BUDGET;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private int circuitBreakerWindow = DEFAULT_CIRCUIT_BREAKER_WINDOW;
        private float circuitBreakerFailureRate = DEFAULT_CIRCUIT_BREAKER_FAILURE_RATE;
        private Duration circuitBreakerOpenDuration = DEFAULT_CIRCUIT_BREAKER_OPEN_DURATION;
        private Transport transport = Transport.OKHTTP;

        private Builder() {
        }

        /** Endpoint base URL (default: OpenAI's). */
        public Builder baseUrl(String value) {
            this.baseUrl = value;
            return this;
        }

        /** Bearer token; null or blank for none. */
        public Builder apiKey(String value) {
            this.apiKey = value;
            return this;
        }

        /** Default model name (required). */
        public Builder model(String value) {
            this.model = value;
            return this;
        }

        /** Time to open a TCP (and TLS) connection; default 10 s. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** Longest wait for the response head and longest silence within a body; default 120 s. */
        public Builder readTimeout(Duration value) {
            this.readTimeout = value;
            return this;
        }

        /** Total deadline of one call, retries and streamed answer included; default 10 min. */
        public Builder callTimeout(Duration value) {
            this.callTimeout = value;
            return this;
        }

        /** Extra attempts after a transient failure, 0 to 100; default 3. */
        public Builder maxRetries(int value) {
            this.maxRetries = value;
            return this;
        }

        /** Pause before the first retry, doubled for each further one (with jitter); default 500 ms. */
        public Builder initialBackoff(Duration value) {
            this.initialBackoff = value;
            return this;
        }

        /** Longest backoff pause; default 8 s. */
        public Builder maxBackoff(Duration value) {
            this.maxBackoff = value;
            return this;
        }

        /** Longest wait a server's {@code Retry-After} can impose; default 30 s. */
        public Builder maxRetryAfter(Duration value) {
            this.maxRetryAfter = value;
            return this;
        }

        /** Time from a call's start after which no retry starts; default 60 s. */
        public Builder retryBudget(Duration value) {
            this.retryBudget = value;
            return this;
        }

        /** Largest response body read, streamed or not; default 16 MiB. */
        public Builder maxResponseBytes(long value) {
            this.maxResponseBytes = value;
            return this;
        }

        /** Attempts the circuit breaker judges, 0 (off) to 10,000; default 20. */
        public Builder circuitBreakerWindow(int value) {
            this.circuitBreakerWindow = value;
            return this;
        }

        /** Failure percentage in a full window that opens the circuit; default 50. */
        public Builder circuitBreakerFailureRate(float value) {
            this.circuitBreakerFailureRate = value;
            return this;
        }

        /** How long an open circuit fails calls fast before a probe; default 30 s. */
        public Builder circuitBreakerOpenDuration(Duration value) {
            this.circuitBreakerOpenDuration = value;
            return this;
        }

        /** The HTTP client; default {@link Transport#OKHTTP}. */
        public Builder transport(Transport value) {
            this.transport = value;
            return this;
        }

        /**
         * @throws NodeExecutionException with {@code INVALID_INPUT} when a value is invalid
         */
        public OpenAiConfig build() {
            return new OpenAiConfig(baseUrl, apiKey, model, connectTimeout, readTimeout, callTimeout, maxRetries,
                    initialBackoff, maxBackoff, maxRetryAfter, retryBudget, maxResponseBytes, circuitBreakerWindow,
                    circuitBreakerFailureRate, circuitBreakerOpenDuration, transport);
        }
    }
}
