package io.clusternode.bench.scenario;

import io.clusternode.bench.BenchContext;
import io.clusternode.bench.Fixtures;
import io.clusternode.bench.Load;
import io.clusternode.bench.report.Row;
import io.clusternode.bench.report.Row.Better;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.registry.NodeRegistry;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Provider initialisation: each of the three providers created and initialised cold (the first time in a fresh
 * JVM, class loading included; the median of several JVMs started for it), then warm (average of many), then
 * 10 concurrent initialisations of all three into one registry. Jackson and SLF4J (initialised once per JVM by
 * whatever uses them first) and the calculator tool (a fourth sub-node) are timed on their own rows, so each
 * provider's figure is its own. The "DeepSeek" provider of hetumind's report is pointed at a closed local port so nothing leaves the
 * machine; its HTTP libraries get their own row like Jackson's.
 */
public final class InitScenario implements Scenario {

    private static final String S = "init";
    /** The warm-up of the first-call rows: the CLI's {@code --warm-up} default. */
    static final int WARM_UP_TURNS = 200;

    @Override
    public String name() {
        return S;
    }

    @Override
    public String description() {
        return "provider initialisation: model, memory, agent cold and warm; 10 concurrent initialisations; first request"
                + " in a fresh JVM with and without warm-up";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        Settings settings = Settings.empty();
        int jvms = context.settings().size(5, 1);
        context.progress().phase("cold initialisation in " + jvms + " fresh JVMs", jvms);
        double[][] samples = new double[7][jvms];
        for (int i = 0; i < jvms; i++) {
            double[] sample = coldSample();
            for (int k = 0; k < 7; k++) {
                samples[k][i] = sample[k];
            }
            context.progress().advance(1);
        }
        String how = "median of " + jvms + " fresh JVMs";
        context.add(Row.info(S, "shared libraries (Jackson, SLF4J), first use in a JVM", median(samples[0]), "ms").withId("libraries.cold_ms")
                .withNote("class loading, once per JVM; " + how));
        context.add(Row.of(S, "model provider (simulated), cold", median(samples[1]), "ms", "1-5 ms (DeepSeek)",
                "< 10 ms", 10.0, Better.LOWER).withId("model.simulated.cold_ms").withNote(how));
        context.add(Row.of(S, "memory provider (window), cold", median(samples[2]), "ms", "2-8 ms", "< 10 ms", 10.0,
                Better.LOWER).withId("memory.window.cold_ms").withNote(how));
        context.add(Row.info(S, "tool provider (calculator), cold", median(samples[3]), "ms").withId("tool.calculator.cold_ms").withNote(how));
        context.add(Row.of(S, "agent provider (model+memory+tool attached), cold", median(samples[4]), "ms",
                "5-15 ms", "< 10 ms", 10.0, Better.LOWER).withId("agent.cold_ms").withNote(how));
        context.add(Row.info(S, "HTTP model libraries (OkHttp, Kotlin, Resilience4j), first use in a JVM",
                median(samples[5]), "ms").withId("http_libraries.cold_ms").withNote("class loading, once per JVM; " + how));
        context.add(Row.of(S, "model provider (deepseek), cold", median(samples[6]), "ms", "1-5 ms", "< 10 ms",
                10.0, Better.LOWER).withId("model.deepseek.cold_ms").withNote(how));

        firstCall(context, jvms);

        int warm = context.settings().size(2000, 20);
        context.progress().phase("warm initialisation x" + warm, warm);
        AtomicLong sink = new AtomicLong();
        Load.Result warmRuns = Load.run(1, warm, 0, true, context.progress(), (w, i) -> {
            LlmProvider m = Providers.model("simulated", settings);
            m.initialize();
            MemoryProvider mem = Providers.memory("window", settings);
            mem.initialize();
            AiAgent a = Fixtures.agent(m, mem);
            a.initialize();
            sink.addAndGet(a.toolDefinitions().size());
            mem.close();
        });
        context.add(Row.of(S, "all three providers, warm (mean)", warmRuns.meanMillis(), "ms", "", "< 10 ms", 10.0,
                Better.LOWER).withId("providers.warm.mean_ms"));

        Settings deepSeekSettings = Settings.of(Map.of("DEEPSEEK_API_KEY", "bench-placeholder-key",
                "DEEPSEEK_BASE_URL", "http://127.0.0.1:9/v1"));
        int warmDeepSeek = context.settings().size(200, 5);
        context.progress().phase("warm deepseek initialisation x" + warmDeepSeek, warmDeepSeek);
        Load.Result deepSeekRuns = Load.run(1, warmDeepSeek, 0, true, context.progress(), (w, i) -> {
            try (LlmProvider provider = Providers.model("deepseek:deepseek-chat", deepSeekSettings)) {
                provider.initialize();
            }
        });
        Load.check(deepSeekRuns);
        context.add(Row.of(S, "model provider (deepseek), warm (mean)", deepSeekRuns.meanMillis(), "ms", "1-5 ms",
                "< 10 ms", 10.0, Better.LOWER).withId("model.deepseek.warm.mean_ms").withNote("a second provider in a JVM that has loaded the classes"));

        context.progress().phase("10 concurrent initialisations", 10);
        NodeRegistry registry = new NodeRegistry();
        Load.Result concurrent = Load.run(10, 1, 0, true, context.progress(), (w, i) -> {
            LlmProvider m = registry.register("model-" + w, Providers.model("simulated", settings));
            m.initialize();
            MemoryProvider mem = registry.register("memory-" + w, Providers.memory("window", settings));
            mem.initialize();
            registry.register("agent-" + w, Fixtures.agent(m, mem)).initialize();
        });
        registry.close();
        Load.check(concurrent);
        context.add(Row.of(S, "10 concurrent initialisations (wall)", concurrent.nanos() / 1e6, "ms", "", "< 10 ms",
                10.0, Better.LOWER).withId("providers.concurrent_10.wall_ms"));
    }

    /** One cold initialisation in a fresh JVM with this JVM's class path: the seven timings of {@link ColdInitProbe}. */
    private static double[] coldSample() throws IOException, InterruptedException {
        return probe(7, ColdInitProbe.class);
    }

    /**
     * Runs {@code main} in a fresh JVM with this JVM's class path and returns the {@code count} numbers of the
     * last line it prints.
     */
    private static double[] probe(int count, Class<?> main, String... args) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the probe JVM (" + main.getSimpleName() + ") failed: " + output);
        }
        String[] parts = output.lines().reduce((first, second) -> second).orElse("").trim().split(" ", -1);
        if (parts.length != count) {
            throw new IllegalStateException("unexpected output of the probe " + main.getSimpleName() + ": " + output);
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = Double.parseDouble(parts[i]);
        }
        return values;
    }

    /**
     * First-call latency: in fresh JVMs, an executor with the agent answers its first request, without a
     * warm-up and after {@code ClusterNodeExecutor.warmUp(WARM_UP_TURNS)}, the two kinds of JVM alternating.
     * No target: the rows show what a warm-up moves from the first request to start-up.
     */
    private static void firstCall(BenchContext context, int jvms) throws IOException, InterruptedException {
        context.progress().phase("first request in " + 2 * jvms + " fresh JVMs, without and with warm-up", 2L * jvms);
        double[][] cold = new double[4][jvms];
        double[][] warmed = new double[4][jvms];
        for (int i = 0; i < jvms; i++) {
            double[] without = probe(4, FirstCallProbe.class);
            context.progress().advance(1);
            double[] with = probe(4, FirstCallProbe.class, Integer.toString(WARM_UP_TURNS));
            context.progress().advance(1);
            for (int k = 0; k < 4; k++) {
                cold[k][i] = without[k];
                warmed[k][i] = with[k];
            }
        }
        String how = "median of " + jvms + " fresh JVMs";
        String warmUp = "warmUp(" + WARM_UP_TURNS + ")";
        context.add(Row.info(S, "first request's latency (agent run with a tool call), no warm-up", median(cold[1]),
                "ms").withId("first_call.no_warm_up.ms").withNote(how));
        context.add(Row.info(S, "first request's latency after " + warmUp, median(warmed[1]), "ms")
                .withId("first_call.after_warm_up.ms").withNote(how));
        context.add(Row.info(S, warmUp + " itself (" + WARM_UP_TURNS + " offline agent turns)", median(warmed[0]),
                "ms").withId("warm_up.ms").withNote(how));
        context.add(Row.info(S, "executor created to first answer, no warm-up", median(cold[2]), "ms")
                .withId("first_answer.since_executor.no_warm_up.ms").withNote(how));
        context.add(Row.info(S, "executor created to first answer, with " + warmUp, median(warmed[2]), "ms")
                .withId("first_answer.since_executor.with_warm_up.ms").withNote(how));
        context.add(Row.info(S, "JVM start to first answer, no warm-up", median(cold[3]), "ms")
                .withId("first_answer.since_jvm_start.no_warm_up.ms").withNote(how + "; JVM boot included"));
        context.add(Row.info(S, "JVM start to first answer, with " + warmUp, median(warmed[3]), "ms")
                .withId("first_answer.since_jvm_start.with_warm_up.ms").withNote(how + "; JVM boot included"));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
