package io.clusternode.openai;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * OkHttp as the transport: {@code call.execute()} runs the whole exchange on the calling (virtual) thread
 * with blocking socket I/O, so unlike the JDK {@code HttpClient} there is no hand-off to a selector thread
 * and back per call, which is what made the JDK client as slow as LangChain4j's (see docs/models.md).
 * Chosen with {@link OpenAiConfig.Transport#OKHTTP}.
 *
 * <p>Settings and why:
 * <ul>
 *   <li>HTTP/1.1 only: chat endpoints speak it everywhere, and ALPN-negotiated HTTP/2 was not measured to be
 *       any faster for one request per exchange.</li>
 *   <li>A pool of up to {@value #MAX_IDLE} idle connections for {@value #KEEP_ALIVE_MINUTES} min, so 64 or
 *       more concurrent callers keep their connections between calls instead of reconnecting.</li>
 *   <li>{@code retryOnConnectionFailure(true)}, although the provider has its own retry loop: for one
 *       endpoint address OkHttp then retries only a call whose <em>reused</em> pooled connection failed (the
 *       server had closed it while idle, as load balancers do) on a fresh connection, at once, which is
 *       what keep-alive needs; a failure on a fresh connection (reset, timeout, refused) still reaches the
 *       provider, whose loop retries it with backoff, counts it for the circuit breaker and honours
 *       {@code maxRetries}. With {@code false}, every idle-closed connection would cost a caller a failed
 *       attempt and a backoff pause.</li>
 *   <li>The connect timeout and the read timeout from {@link OpenAiConfig}; OkHttp's read timeout bounds
 *       every silence, before the response head and between any two pieces of a streamed body, so no
 *       watchdog is needed. The call's deadline is OkHttp's per-call timeout, set on each call: it spans
 *       connecting, waiting and reading the whole body, so a stream of keep-alive comments cannot hold a
 *       caller past it.</li>
 *   <li>No redirects: a POST to a moved endpoint should fail loudly, not be re-sent elsewhere.</li>
 *   <li>No silent 503 retry: see {@link #noImmediateRetryOf503}.</li>
 * </ul>
 */
final class OkHttpTransport implements HttpTransport {

    static final int MAX_IDLE = 256;
    static final int KEEP_ALIVE_MINUTES = 5;

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final HttpUrl url;
    private final String authorization;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private volatile boolean closed;

    OkHttpTransport(OpenAiConfig config) {
        this(config, null, null);
    }

    /**
     * @param sslContext   the TLS context for https endpoints; null (and {@code trustManager} null) for the JVM's default
     * @param trustManager the trust manager {@code sslContext} was initialised with (OkHttp needs both)
     */
    OkHttpTransport(OpenAiConfig config, SSLContext sslContext, X509TrustManager trustManager) {
        this.url = config.chatCompletionsUrl();
        this.authorization = config.hasApiKey() ? "Bearer " + config.apiKey() : null;
        this.connectTimeout = config.connectTimeout();
        this.readTimeout = config.readTimeout();
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .protocols(List.of(Protocol.HTTP_1_1))
                .connectionPool(new ConnectionPool(MAX_IDLE, KEEP_ALIVE_MINUTES, TimeUnit.MINUTES))
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                .callTimeout(Duration.ZERO)
                .retryOnConnectionFailure(true)
                .followRedirects(false)
                .followSslRedirects(false)
                .eventListener(ConnectTracker.INSTANCE)
                .addNetworkInterceptor(OkHttpTransport::noImmediateRetryOf503);
        if (sslContext != null) {
            builder.sslSocketFactory(sslContext.getSocketFactory(), trustManager);
        }
        this.http = builder.build();
    }

    @Override
    public Response post(byte[] body, String accept, long deadlineNanos) throws IOException {
        if (closed) {
            throw new IOException("the transport was closed");
        }
        Progress progress = new Progress();
        Request.Builder request = new Request.Builder()
                .url(url)
                .header("User-Agent", "ClusterNode")
                .header("Accept", accept)
                .tag(Progress.class, progress)
                .post(RequestBody.create(body, JSON));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        okhttp3.Response response;
        try {
            Call call = http.newCall(request.build());
            call.timeout().timeout(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            response = call.execute();
        } catch (SocketTimeoutException e) {
            if (!progress.connected) {
                throw new HttpConnectTimeoutException("no connection within " + connectTimeout.toMillis() + " ms");
            }
            throw new HttpTimeoutException("no response within " + readTimeout.toMillis() + " ms");
        }
        TimeoutAwareStream in = new TimeoutAwareStream(response.body().byteStream());
        return new Response() {
            @Override
            public int status() {
                return response.code();
            }

            @Override
            public String header(String lowerCaseName) {
                return response.header(lowerCaseName);
            }

            @Override
            public InputStream body() {
                return in;
            }

            @Override
            public boolean timedOut() {
                return in.timedOut;
            }

            @Override
            public void close() {
                response.close();
            }
        };
    }

    /**
     * OkHttp re-sends a request at once, unseen, when a 503 carries {@code Retry-After: 0}; that retry would
     * bypass the provider's attempt count, backoff, log and circuit breaker. Dropping that header (only that
     * value, only on a 503) stops it and changes nothing for the provider, whose pause is the larger of its
     * own backoff and the server's Retry-After, so a zero Retry-After never mattered.
     */
    private static okhttp3.Response noImmediateRetryOf503(Interceptor.Chain chain) throws IOException {
        okhttp3.Response response = chain.proceed(chain.request());
        if (response.code() == 503) {
            String retryAfter = response.header("Retry-After");
            if (retryAfter != null && retryAfter.strip().matches("0+")) {
                return response.newBuilder().removeHeader("Retry-After").build();
            }
        }
        return response;
    }

    @Override
    public void close() {
        closed = true;
        http.connectionPool().evictAll();
        http.dispatcher().executorService().shutdown();
    }

    /** Per-call state the shared listener writes: whether a connection was obtained, to tell the two timeouts apart. */
    private static final class Progress {
        volatile boolean connected;
    }

    /**
     * OkHttp reports connect and read timeouts as the same {@link SocketTimeoutException}; the provider
     * reports them differently (an unreachable host is not a slow model), so this notes when a call got
     * its connection.
     */
    private static final class ConnectTracker extends EventListener {
        static final ConnectTracker INSTANCE = new ConnectTracker();

        @Override
        public void connectionAcquired(Call call, Connection connection) {
            Progress progress = call.request().tag(Progress.class);
            if (progress != null) {
                progress.connected = true;
            }
        }
    }

    /** Remembers that a body read failed for silence, so that errors found later (e.g. by a parser) are explained. */
    private static final class TimeoutAwareStream extends FilterInputStream {
        volatile boolean timedOut;

        TimeoutAwareStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (SocketTimeoutException e) {
                timedOut = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                timedOut = true;
                throw e;
            }
        }
    }
}
