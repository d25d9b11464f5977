package io.clusternode.bench.scenario;

import io.clusternode.bench.BenchContext;
import io.clusternode.bench.openai.OpenAiClientBenchmark;
import io.clusternode.bench.report.Row;
import io.clusternode.bench.report.Row.Better;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * One chat-completions call against a loopback endpoint that returns a canned completion: our
 * OpenAI-compatible provider next to LangChain4j's OpenAI client and the raw JDK HttpClient round trip, on one
 * thread and at 64 concurrent callers ({@link OpenAiClientBenchmark} does the measuring). The target is
 * calls/s of at least twice LangChain4j's, i.e. the client adds little to the wire round trip.
 */
public final class HttpClientScenario implements Scenario {

    private static final String S = "model-http";
    private static final String OURS = "ClusterNode OpenAiCompatibleLlmProvider";
    private static final String PEER = "LangChain4j OpenAiChatModel";
    private static final String RAW = "raw JDK HttpClient";
    private static final int CONCURRENCY = 64;

    @Override
    public String name() {
        return S;
    }

    @Override
    public String description() {
        return "OpenAI-compatible HTTP model call on loopback: ours vs LangChain4j vs raw HttpClient, 1 and 64 callers";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        boolean quick = context.settings().quick();
        Duration warmup = quick ? Duration.ofMillis(200) : Duration.ofSeconds(3);
        Duration measure = quick ? Duration.ofMillis(300) : Duration.ofSeconds(5);
        context.progress().phase("loopback chat completions, 10 cases", 1);
        List<OpenAiClientBenchmark.Row> rows = OpenAiClientBenchmark.run(warmup, measure, CONCURRENCY,
                new PrintStream(OutputStream.nullOutputStream()));
        context.progress().advance(1);
        for (int threads : new int[] {1, CONCURRENCY}) {
            OpenAiClientBenchmark.Row ours = find(rows, OURS, threads);
            OpenAiClientBenchmark.Row peer = find(rows, PEER, threads);
            OpenAiClientBenchmark.Row raw = find(rows, RAW, threads);
            String callers = threads == 1 ? "1 thread" : threads + " callers";
            for (OpenAiClientBenchmark.Row row : List.of(ours, peer, raw)) {
                context.add(Row.info(S, row.client().strip() + " calls/s, " + callers, row.callsPerSecond(),
                        "calls/s").withId(Row.slug(row.client()) + "." + Row.slug(callers) + ".calls_per_s"));
            }
            context.add(Row.info(S, "ClusterNode latency p50, " + callers, ours.p50Micros() / 1000.0, "ms").withId("clusternode." + Row.slug(callers) + ".p50_ms"));
            context.add(Row.info(S, "ClusterNode latency p99, " + callers, ours.p99Micros() / 1000.0, "ms").withId("clusternode." + Row.slug(callers) + ".p99_ms"));
            context.add(Row.info(S, "LangChain4j latency p99, " + callers, peer.p99Micros() / 1000.0, "ms").withId("langchain4j." + Row.slug(callers) + ".p99_ms"));
            context.add(Row.of(S, "ClusterNode / LangChain4j calls/s, " + callers,
                    ours.callsPerSecond() / peer.callsPerSecond(), "x", "", ">= 2x LangChain4j", 2.0, Better.HIGHER).withId("vs_langchain4j." + Row.slug(callers) + ".ratio"));
            context.add(Row.of(S, "errors, " + callers, (double) ours.errors(), "count", "", "0", 0.0, Better.LOWER).withId("errors." + Row.slug(callers) + ".count"));
        }
    }

    private static OpenAiClientBenchmark.Row find(List<OpenAiClientBenchmark.Row> rows, String client, int threads) {
        return rows.stream().filter(r -> r.client().equals(client) && r.threads() == threads).findFirst()
                .orElseThrow(() -> new IllegalStateException("no '" + client + "' row at " + threads + " threads"));
    }
}
