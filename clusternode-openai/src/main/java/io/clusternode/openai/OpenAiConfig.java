package io.clusternode.openai;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything an OpenAI-compatible chat model sub-node needs: where the endpoint is, the key, the default
 * model, and how patient and persistent to be with it.
 *
 * <p>The API key is held here because the provider needs it on every request, but {@link #toString()} masks
 * it, so that logging a configuration never leaks it.
 *
 * @param baseUrl                    endpoint base, e.g. {@code https://api.openai.com/v1}; {@code /chat/completions}
 *                                   is appended
 * @param apiKey                     bearer token; null for local servers that need none
 * @param model                      model used when a call's {@code LlmConfig} names none
 * @param connectTimeout             time to open a TCP (and TLS) connection
 * @param readTimeout                time to wait for the response headers, and the longest silence tolerated
 *                                   between two pieces of a response body
 * @param maxRetries                 extra attempts after a transient failure (429, 5xx, timeout, reset); 0 = none
 * @param initialBackoff             pause before the first retry; doubled on each further retry, with jitter
 * @param maxBackoff                 upper bound of one pause
 * @param maxRetryAfter              upper bound on how long a server's {@code Retry-After} may make us wait
 * @param circuitBreakerWindow       number of recent attempts the circuit breaker judges (0 disables it)
 * @param circuitBreakerFailureRate  percentage of failed attempts in that window that opens the circuit
 * @param circuitBreakerOpenDuration how long an open circuit fails calls fast before probing again
 * @param transport                  the HTTP client: {@link Transport#OKHTTP} (default, fastest) or
 *                                   {@link Transport#JDK} (the JDK {@code HttpClient})
 */
public record OpenAiConfig(String baseUrl, String apiKey, String model, Duration connectTimeout,
                           Duration readTimeout, int maxRetries, Duration initialBackoff, Duration maxBackoff,
                           Duration maxRetryAfter, int circuitBreakerWindow, float circuitBreakerFailureRate,
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
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(8);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(30);
    public static final int DEFAULT_CIRCUIT_BREAKER_WINDOW = 20;
    public static final float DEFAULT_CIRCUIT_BREAKER_FAILURE_RATE = 50f;
    public static final Duration DEFAULT_CIRCUIT_BREAKER_OPEN_DURATION = Duration.ofSeconds(30);

    public OpenAiConfig {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "the model endpoint's base URL must not be empty");
        }
        baseUrl = baseUrl.strip();
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "the base URL '" + baseUrl + "' is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT,
                    "the base URL must be an http:// or https:// URL with a host");
        }
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        if (model == null || model.isBlank()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "the model name must not be empty");
        }
        connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
        readTimeout = positive(readTimeout, DEFAULT_READ_TIMEOUT, "readTimeout");
        if (maxRetries < 0) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "maxRetries must not be negative, was " + maxRetries);
        }
        initialBackoff = notNegative(initialBackoff, DEFAULT_INITIAL_BACKOFF, "initialBackoff");
        maxBackoff = notNegative(maxBackoff, DEFAULT_MAX_BACKOFF, "maxBackoff");
        maxRetryAfter = notNegative(maxRetryAfter, DEFAULT_MAX_RETRY_AFTER, "maxRetryAfter");
        if (circuitBreakerWindow < 0) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT,
                    "circuitBreakerWindow must not be negative, was " + circuitBreakerWindow);
        }
        if (!(circuitBreakerFailureRate > 0 && circuitBreakerFailureRate <= 100)) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT,
                    "circuitBreakerFailureRate must be in (0, 100], was " + circuitBreakerFailureRate);
        }
        circuitBreakerOpenDuration = positive(circuitBreakerOpenDuration, DEFAULT_CIRCUIT_BREAKER_OPEN_DURATION,
                "circuitBreakerOpenDuration");
        transport = transport == null ? Transport.OKHTTP : transport;
    }

    /** A configuration with every default, for {@code baseUrl}, {@code apiKey} and {@code model}. */
    public static OpenAiConfig of(String baseUrl, String apiKey, String model) {
        return builder().baseUrl(baseUrl).apiKey(apiKey).model(model).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to change a few. */
    public Builder toBuilder() {
        return new Builder().baseUrl(baseUrl).apiKey(apiKey).model(model).connectTimeout(connectTimeout)
                .readTimeout(readTimeout).maxRetries(maxRetries).initialBackoff(initialBackoff).maxBackoff(maxBackoff)
                .maxRetryAfter(maxRetryAfter).circuitBreakerWindow(circuitBreakerWindow)
                .circuitBreakerFailureRate(circuitBreakerFailureRate)
                .circuitBreakerOpenDuration(circuitBreakerOpenDuration).transport(transport);
    }

    /**
     * Reads a configuration from settings whose keys start with {@code prefix} ({@code OPENAI} or
     * {@code DEEPSEEK}): {@code _API_KEY}, {@code _BASE_URL}, {@code _CONNECT_TIMEOUT_SECONDS},
     * {@code _TIMEOUT_SECONDS}, {@code _MAX_RETRIES}, {@code _INITIAL_BACKOFF_MS}, {@code _MAX_BACKOFF_MS},
     * {@code _MAX_RETRY_AFTER_SECONDS}, {@code _CIRCUIT_BREAKER_WINDOW}, {@code _CIRCUIT_BREAKER_FAILURE_RATE},
     * {@code _CIRCUIT_BREAKER_OPEN_SECONDS}, {@code _HTTP_CLIENT} ({@code okhttp} or {@code jdk}). Unset keys
     * take the defaults.
     */
    public static OpenAiConfig fromSettings(String prefix, Settings settings, String defaultBaseUrl, String model) {
        Builder b = builder()
                .baseUrl(settings.get(prefix + "_BASE_URL", defaultBaseUrl))
                .apiKey(settings.get(prefix + "_API_KEY").orElse(null))
                .model(model);
        settings.get(prefix + "_CONNECT_TIMEOUT_SECONDS")
                .ifPresent(v -> b.connectTimeout(Duration.ofMillis(millis(prefix + "_CONNECT_TIMEOUT_SECONDS", v, 1000))));
        settings.get(prefix + "_TIMEOUT_SECONDS")
                .ifPresent(v -> b.readTimeout(Duration.ofMillis(millis(prefix + "_TIMEOUT_SECONDS", v, 1000))));
        settings.get(prefix + "_MAX_RETRIES")
                .ifPresent(v -> b.maxRetries((int) integer(prefix + "_MAX_RETRIES", v)));
        settings.get(prefix + "_INITIAL_BACKOFF_MS")
                .ifPresent(v -> b.initialBackoff(Duration.ofMillis(integer(prefix + "_INITIAL_BACKOFF_MS", v))));
        settings.get(prefix + "_MAX_BACKOFF_MS")
                .ifPresent(v -> b.maxBackoff(Duration.ofMillis(integer(prefix + "_MAX_BACKOFF_MS", v))));
        settings.get(prefix + "_MAX_RETRY_AFTER_SECONDS")
                .ifPresent(v -> b.maxRetryAfter(Duration.ofMillis(millis(prefix + "_MAX_RETRY_AFTER_SECONDS", v, 1000))));
        settings.get(prefix + "_CIRCUIT_BREAKER_WINDOW")
                .ifPresent(v -> b.circuitBreakerWindow((int) integer(prefix + "_CIRCUIT_BREAKER_WINDOW", v)));
        settings.get(prefix + "_CIRCUIT_BREAKER_FAILURE_RATE")
                .ifPresent(v -> b.circuitBreakerFailureRate(
                        (float) millis(prefix + "_CIRCUIT_BREAKER_FAILURE_RATE", v, 1)));
        settings.get(prefix + "_CIRCUIT_BREAKER_OPEN_SECONDS")
                .ifPresent(v -> b.circuitBreakerOpenDuration(
                        Duration.ofMillis(millis(prefix + "_CIRCUIT_BREAKER_OPEN_SECONDS", v, 1000))));
        settings.get(prefix + "_HTTP_CLIENT").ifPresent(v -> b.transport(switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "jdk" -> Transport.JDK;
            case "okhttp" -> Transport.OKHTTP;
            default -> throw new NodeExecutionException(ErrorCode.INVALID_INPUT,
                    prefix + "_HTTP_CLIENT must be 'okhttp' or 'jdk'");
        }));
        return b.build();
    }

    /** The chat-completions URL of this endpoint. */
    public URI chatCompletionsUri() {
        return URI.create(baseUrl + "/chat/completions");
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
        return "OpenAiConfig[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "****")
                + ", model=" + model + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", maxRetries=" + maxRetries + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
                + ", maxRetryAfter=" + maxRetryAfter + ", circuitBreakerWindow=" + circuitBreakerWindow
                + ", circuitBreakerFailureRate=" + circuitBreakerFailureRate
                + ", circuitBreakerOpenDuration=" + circuitBreakerOpenDuration + ", transport=" + transport + "]";
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        Duration d = value == null ? fallback : value;
        if (d.isNegative() || d.isZero()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, name + " must be positive, was " + d);
        }
        return d;
    }

    private static Duration notNegative(Duration value, Duration fallback, String name) {
        Duration d = value == null ? fallback : value;
        if (d.isNegative()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, name + " must not be negative, was " + d);
        }
        return d;
    }

    private static long integer(String key, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, key + " must be a whole number");
        }
    }

    private static long millis(String key, String value, int factor) {
        try {
            return Math.round(Double.parseDouble(value.strip()) * factor);
        } catch (NumberFormatException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, key + " must be a number");
        }
    }

    /** Collects optional settings; unset ones take the defaults. */
    public static final class Builder {
        private String baseUrl = OPENAI_BASE_URL;
        private String apiKey;
        private String model;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        private int circuitBreakerWindow = DEFAULT_CIRCUIT_BREAKER_WINDOW;
        private float circuitBreakerFailureRate = DEFAULT_CIRCUIT_BREAKER_FAILURE_RATE;
        private Duration circuitBreakerOpenDuration = DEFAULT_CIRCUIT_BREAKER_OPEN_DURATION;
        private Transport transport = Transport.OKHTTP;

        private Builder() {
        }

        public Builder baseUrl(String value) {
            this.baseUrl = value;
            return this;
        }

        public Builder apiKey(String value) {
            this.apiKey = value;
            return this;
        }

        public Builder model(String value) {
            this.model = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value, "connectTimeout");
            return this;
        }

        public Builder readTimeout(Duration value) {
            this.readTimeout = Objects.requireNonNull(value, "readTimeout");
            return this;
        }

        public Builder maxRetries(int value) {
            this.maxRetries = value;
            return this;
        }

        public Builder initialBackoff(Duration value) {
            this.initialBackoff = Objects.requireNonNull(value, "initialBackoff");
            return this;
        }

        public Builder maxBackoff(Duration value) {
            this.maxBackoff = Objects.requireNonNull(value, "maxBackoff");
            return this;
        }

        public Builder maxRetryAfter(Duration value) {
            this.maxRetryAfter = Objects.requireNonNull(value, "maxRetryAfter");
            return this;
        }

        public Builder circuitBreakerWindow(int value) {
            this.circuitBreakerWindow = value;
            return this;
        }

        public Builder circuitBreakerFailureRate(float value) {
            this.circuitBreakerFailureRate = value;
            return this;
        }

        public Builder circuitBreakerOpenDuration(Duration value) {
            this.circuitBreakerOpenDuration = Objects.requireNonNull(value, "circuitBreakerOpenDuration");
            return this;
        }

        public Builder transport(Transport value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        public OpenAiConfig build() {
            return new OpenAiConfig(baseUrl, apiKey, model, connectTimeout, readTimeout, maxRetries, initialBackoff,
                    maxBackoff, maxRetryAfter, circuitBreakerWindow, circuitBreakerFailureRate,
                    circuitBreakerOpenDuration, transport);
        }
    }
}
