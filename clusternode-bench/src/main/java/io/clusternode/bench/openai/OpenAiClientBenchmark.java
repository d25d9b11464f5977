package io.clusternode.bench.openai;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.Message;
import io.clusternode.openai.OpenAiCompatibleLlmProvider;
import io.clusternode.openai.OpenAiConfig;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Measures what one chat-completions call costs the caller, on a loopback endpoint that answers at once,
 * so the client's own overhead (request building, JSON, HTTP machinery) is what differs:
 * <ol>
 *   <li>the raw round trip with the JDK {@link HttpClient} (a pre-encoded request, the body as bytes):
 *       the floor any client on that HTTP stack can reach;</li>
 *   <li>{@link OpenAiCompatibleLlmProvider}, which builds and parses real messages, on its default
 *       transport and then on each transport by name (OkHttp, the JDK {@code HttpClient}), so a change
 *       of default can be judged from one run;</li>
 *   <li>LangChain4j's {@code OpenAiChatModel} on the same endpoint, in the same run.</li>
 * </ol>
 * Each is run on one thread and at {@code concurrency} concurrent callers (virtual threads), after a
 * warm-up, recording every call's latency in an HdrHistogram.
 *
 * <p>Run: {@code java -cp ... io.clusternode.bench.openai.OpenAiClientBenchmark [warmupSeconds]
 * [measureSeconds] [concurrency]}.
 */
public final class OpenAiClientBenchmark {

    /** One measured case. */
    public record Row(String client, int threads, long calls, double callsPerSecond, double p50Micros,
                      double p99Micros, long errors) {
    }

    private static final String SYSTEM = "You are a concise assistant.";
    private static final String USER = "What is 12 * 7?";
    private static final String MODEL = "bench-model";

    private OpenAiClientBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration warmup = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 5);
        Duration measure = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        run(warmup, measure, concurrency, System.out);
    }

    /**
     * Runs every case and prints the table and the ratios to {@code out}.
     *
     * @return the measured rows, in the order printed
     */
    public static List<Row> run(Duration warmup, Duration measure, int concurrency, PrintStream out) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CannedCompletionServer server = new CannedCompletionServer()) {
            out.printf(Locale.ROOT, "OpenAI-compatible client benchmark: loopback endpoint %s, warm-up %d s, "
                            + "measurement %d s per case, %d cores, Java %s%n", server.baseUrl(), warmup.toSeconds(),
                    measure.toSeconds(), Runtime.getRuntime().availableProcessors(), Runtime.version());

            HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            byte[] rawBody = ("{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"system\",\"content\":\""
                    + SYSTEM + "\"},{\"role\":\"user\",\"content\":\"" + USER + "\"}],\"temperature\":0.0}")
                    .getBytes(StandardCharsets.UTF_8);
            URI uri = URI.create(server.baseUrl() + "/chat/completions");
            Callable<Object> rawCall = () -> {
                HttpResponse<byte[]> response = raw.send(HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer bench-key")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(rawBody)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + response.statusCode());
                }
                return response.body();
            };

            OpenAiConfig oursConfig = OpenAiConfig.builder()
                    .baseUrl(server.baseUrl()).apiKey("bench-key").model(MODEL)
                    .readTimeout(Duration.ofSeconds(60)).maxRetries(0).build();
            OpenAiCompatibleLlmProvider ours = new OpenAiCompatibleLlmProvider(oursConfig);
            OpenAiCompatibleLlmProvider oursJdk = new OpenAiCompatibleLlmProvider(oursConfig.toBuilder()
                    .transport(OpenAiConfig.Transport.JDK).build());
            OpenAiCompatibleLlmProvider oursOkHttp = new OpenAiCompatibleLlmProvider(oursConfig.toBuilder()
                    .transport(OpenAiConfig.Transport.OKHTTP).build());
            List<Message> messages = List.of(Message.system(SYSTEM), Message.user(USER));
            LlmConfig config = LlmConfig.of(MODEL).withTemperature(0.0);
            Callable<Object> oursCall = () -> nonEmpty(ours.call(messages, config).content());
            Callable<Object> oursJdkCall = () -> nonEmpty(oursJdk.call(messages, config).content());
            Callable<Object> oursOkHttpCall = () -> nonEmpty(oursOkHttp.call(messages, config).content());

            OpenAiChatModel langchain4j = OpenAiChatModel.builder()
                    .baseUrl(server.baseUrl()).apiKey("bench-key").modelName(MODEL).temperature(0.0)
                    .timeout(Duration.ofSeconds(60)).maxRetries(0)
                    .httpClientBuilder(langchain4jHttp11())
                    .build();
            ChatRequest request = ChatRequest.builder()
                    .messages(SystemMessage.from(SYSTEM), UserMessage.from(USER)).build();
            Callable<Object> langchain4jCall = () -> nonEmpty(langchain4j.chat(request).aiMessage().text());

            for (int threads : new int[] {1, concurrency}) {
                rows.add(measure("raw JDK HttpClient", rawCall, threads, warmup, measure));
                rows.add(measure("ClusterNode OpenAiCompatibleLlmProvider", oursCall, threads, warmup, measure));
                rows.add(measure("  same, transport=OKHTTP", oursOkHttpCall, threads, warmup, measure));
                rows.add(measure("  same, transport=JDK HttpClient", oursJdkCall, threads, warmup, measure));
                rows.add(measure("LangChain4j OpenAiChatModel", langchain4jCall, threads, warmup, measure));
            }
            ours.close();
            oursJdk.close();
            oursOkHttp.close();
            raw.shutdownNow();

            out.println();
            out.printf(Locale.ROOT, "%-42s %8s %12s %10s %10s %8s%n", "client", "threads", "calls/s", "p50 us",
                    "p99 us", "errors");
            for (Row row : rows) {
                out.printf(Locale.ROOT, "%-42s %8d %12.0f %10.1f %10.1f %8d%n", row.client(), row.threads(),
                        row.callsPerSecond(), row.p50Micros(), row.p99Micros(), row.errors());
            }
            out.println();
            for (int threads : new int[] {1, concurrency}) {
                Row o = find(rows, "ClusterNode", threads);
                Row l = find(rows, "LangChain4j", threads);
                Row r = find(rows, "raw", threads);
                out.printf(Locale.ROOT, "%2d thread(s): ours/LangChain4j = %.2fx calls/s (p50 %.2fx lower); "
                                + "ours reaches %.0f%% of the raw HttpClient round trip%n", threads,
                        o.callsPerSecond() / l.callsPerSecond(), l.p50Micros() / o.p50Micros(),
                        100 * o.callsPerSecond() / r.callsPerSecond());
                for (String transport : new String[] {"OKHTTP", "JDK"}) {
                    Row t = find(rows, "  same, transport=" + transport, threads);
                    out.printf(Locale.ROOT, "%2d thread(s):   transport=%s / LangChain4j = %.2fx calls/s%n", threads,
                            transport, t.callsPerSecond() / l.callsPerSecond());
                }
            }
            out.printf(Locale.ROOT, "server: %d requests on %d connections%n", server.requests(), server.connections());
        }
        return rows;
    }

    /**
     * LangChain4j's JDK HTTP client set to HTTP/1.1 like ours, so that both speak the same protocol to the
     * endpoint (the JDK default, HTTP/2, would add h2c upgrade headers to LangChain4j's requests only).
     * Reflective because that module is a runtime-only dependency of langchain4j-open-ai.
     */
    private static HttpClientBuilder langchain4jHttp11() throws ReflectiveOperationException {
        Class<?> type = Class.forName("dev.langchain4j.http.client.jdk.JdkHttpClient");
        Object builder = type.getMethod("builder").invoke(null);
        builder.getClass().getMethod("httpClientBuilder", HttpClient.Builder.class)
                .invoke(builder, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));
        return (HttpClientBuilder) builder;
    }

    private static String nonEmpty(String content) {
        if (content == null || content.isEmpty()) {
            throw new IllegalStateException("empty answer");
        }
        return content;
    }

    private static Row find(List<Row> rows, String prefix, int threads) {
        return rows.stream().filter(r -> r.client().startsWith(prefix) && r.threads() == threads).findFirst()
                .orElseThrow();
    }

    private static Row measure(String name, Callable<Object> call, int threads, Duration warmup, Duration measure)
            throws InterruptedException {
        runFor(call, threads, warmup, null);
        Histogram histogram = new Histogram(60_000_000_000L, 3);
        long start = System.nanoTime();
        long[] counts = runFor(call, threads, measure, histogram);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Row(name, threads, counts[0], counts[0] / seconds,
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0, counts[1]);
    }

    /** Calls in a loop on {@code threads} virtual threads until the time is up; returns {calls, errors}. */
    private static long[] runFor(Callable<Object> call, int threads, Duration duration, Histogram into)
            throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        Histogram[] histograms = new Histogram[threads];
        long[] calls = new long[threads];
        long[] errors = new long[threads];
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            histograms[t] = new Histogram(60_000_000_000L, 3);
            workers[t] = Thread.ofVirtual().name("bench-caller-" + t).start(() -> {
                Histogram histogram = histograms[index];
                while (System.nanoTime() < deadline) {
                    long begin = System.nanoTime();
                    try {
                        call.call();
                        histogram.recordValue(System.nanoTime() - begin);
                        calls[index]++;
                    } catch (Exception e) {
                        errors[index]++;
                        firstError.compareAndSet(null, e);
                    }
                }
            });
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long totalCalls = 0;
        long totalErrors = 0;
        for (int t = 0; t < threads; t++) {
            totalCalls += calls[t];
            totalErrors += errors[t];
            if (into != null) {
                into.add(histograms[t]);
            }
        }
        if (firstError.get() != null) {
            System.err.println("first error: " + firstError.get());
        }
        return new long[] {totalCalls, totalErrors};
    }
}
