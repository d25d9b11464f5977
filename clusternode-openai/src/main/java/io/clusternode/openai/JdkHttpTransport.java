package io.clusternode.openai;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The JDK {@link HttpClient} as a transport: one pooled keep-alive HTTP/1.1 client per provider, bodies
 * streamed with {@code BodyHandlers.ofInputStream()}. Its request timeout ends when the response head
 * arrives, so a {@link ReadWatchdog} enforces the read timeout and the call's deadline on the body. Chosen with
 * {@link OpenAiConfig.Transport#JDK}; slower than {@link OkHttpTransport} per call (the JDK client hands
 * every exchange between its selector thread and executor), but it is the JDK's own, long-proven client.
 */
final class JdkHttpTransport implements HttpTransport {

    private final HttpClient http;
    private final URI uri;
    private final Duration readTimeout;
    private final String authorization;

    JdkHttpTransport(OpenAiConfig config) {
        this.uri = config.chatCompletionsUri();
        this.readTimeout = config.readTimeout();
        this.authorization = config.hasApiKey() ? "Bearer " + config.apiKey() : null;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Response post(byte[] body, String accept, long deadlineNanos) throws IOException, InterruptedException {
        long remaining = Math.max(1, deadlineNanos - System.nanoTime());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(Math.min(readTimeout.toNanos(), remaining)))
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IllegalStateException e) {
            throw new IOException("the HTTP client was closed", e);
        }
        ReadWatchdog.WatchedStream in = ReadWatchdog.watch(response.body(), readTimeout.toNanos(), deadlineNanos);
        return new Response() {
            @Override
            public int status() {
                return response.statusCode();
            }

            @Override
            public String header(String lowerCaseName) {
                return response.headers().firstValue(lowerCaseName).orElse(null);
            }

            @Override
            public InputStream body() {
                return in;
            }

            @Override
            public boolean timedOut() {
                return in.timedOut();
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
