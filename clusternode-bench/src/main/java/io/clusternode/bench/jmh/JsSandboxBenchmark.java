package io.clusternode.bench.jmh;

import io.clusternode.js.JsFunction;
import io.clusternode.js.JsSandbox;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What JavaScript costs a workflow: the first evaluation in a fresh JVM (GraalJS starting), then warm
 * evaluations of the expressions n8n templates hold and a Code node body over ten items, with the bindings the
 * workflow engine passes ({@code $json}, {@code $input}, {@code $('Node')}). Target: a small template under
 * 50 µs warm. The interpreter (stock JDKs have no Graal JIT) needs about ten seconds of warm-up on a busy machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class JsSandboxBenchmark {

    private static final String CODE_NODE = """
            const out = [];
            for (const item of $input.all()) {
              out.push({json: {name: item.json.name.toUpperCase(), total: item.json.price * item.json.qty}});
            }
            return out;
            """;

    private final JsSandbox js = JsSandbox.shared();
    private Map<String, Object> bindings;

    @Setup
    public void setUp() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sessionId", "alice");
        json.put("action", "sendMessage");
        json.put("chatInput", "What is 12 * 7?");
        json.put("body", Map.of("message", "Hi", "user", Map.of("name", "Alice", "id", 42)));
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(Map.of("json", Map.of("name", "item" + i, "price", 2.5, "qty", i)));
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("item", Map.of("json", json));
        input.put("all", (JsFunction) args -> items);
        input.put("first", (JsFunction) args -> items.get(0));
        bindings = new LinkedHashMap<>();
        bindings.put("$json", json);
        bindings.put("$input", input);
        bindings.put("$", (JsFunction) args -> Map.of("item", Map.of("json", json)));
        bindings.put("$execution", Map.of("id", "1", "mode", "manual"));
        bindings.put("$workflow", Map.of("id", "w1", "name", "Support bot", "active", false));
        // No evaluation here: coldFirstEvaluation must be the first one of its JVM.
    }

    /** The first evaluation in a new JVM: GraalJS's engine, the first context and the first parse. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 5, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
    public Object coldFirstEvaluation() {
        return js.evaluate("'Hello ' + $json.body.user.name", bindings);
    }

    /** A small template block, e.g. {@code ={{ 'Hello ' + $json.body.user.name }}}. */
    @Benchmark
    public Object smallTemplate() {
        return js.evaluate("'Hello ' + $json.body.user.name + ', you asked: ' + $json.chatInput", bindings);
    }

    /** Property access that the engine would normally resolve without JavaScript, through JavaScript. */
    @Benchmark
    public Object propertyPath() {
        return js.evaluate("$json.chatInput", bindings);
    }

    /** Another node's item and a fallback, as the corpus' templates write it. */
    @Benchmark
    public Object nodeReferenceWithFallback() {
        return js.evaluate("$('Chat Trigger').item.json.sessionId || $execution.id", bindings);
    }

    /** The time helpers. */
    @Benchmark
    public Object nowFormatted() {
        return js.evaluate("$now.toFormat('yyyy-LL-dd HH:mm')", bindings);
    }

    /** A Code node body over ten items, returning ten new items. */
    @Benchmark
    public Object codeNodeTenItems() {
        return js.run(CODE_NODE, bindings);
    }

    /**
     * The same warm evaluations measured in CPU time of the calling thread rather than wall time: on a machine
     * shared with other work (CI, parallel builds) wall time mostly measures the wait for a core.
     * {@code java -cp target/benchmarks.jar io.clusternode.bench.jmh.JsSandboxBenchmark [seconds]}
     */
    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 20;
        JsSandboxBenchmark benchmark = new JsSandboxBenchmark();
        benchmark.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        Object first = benchmark.smallTemplate();
        System.out.printf("first evaluation in this JVM: %d ms wall (%s)%n", (System.nanoTime() - start) / 1_000_000, first);
        Map<String, Supplier<Object>> cases = new LinkedHashMap<>();
        cases.put("smallTemplate", benchmark::smallTemplate);
        cases.put("propertyPath", benchmark::propertyPath);
        cases.put("nodeReferenceWithFallback", benchmark::nodeReferenceWithFallback);
        cases.put("nowFormatted", benchmark::nowFormatted);
        cases.put("codeNodeTenItems", benchmark::codeNodeTenItems);
        // Warm every case in turn, then measure each for a fixed CPU budget. The sink keeps the results used.
        long sink = 0;
        long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < warmUntil) {
            for (Supplier<Object> body : cases.values()) {
                for (int i = 0; i < 200; i++) {
                    sink += body.get().hashCode();
                }
            }
        }
        for (Map.Entry<String, Supplier<Object>> entry : cases.entrySet()) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            long operations = 0;
            while (threads.getCurrentThreadCpuTime() - cpuStart < TimeUnit.SECONDS.toNanos(2)) {
                for (int i = 0; i < 100; i++) {
                    sink += entry.getValue().get().hashCode();
                }
                operations += 100;
            }
            double cpuMicros = (threads.getCurrentThreadCpuTime() - cpuStart) / 1000.0 / operations;
            double wallMicros = (System.nanoTime() - wallStart) / 1000.0 / operations;
            System.out.printf("%-28s %9.1f us/op CPU %9.1f us/op wall (%d ops)%n", entry.getKey(), cpuMicros, wallMicros, operations);
        }
        System.out.println("(checksum " + sink + ")");
        System.exit(0);
    }

    /** The small template from two threads (contexts come from the shared pool). */
    @Benchmark
    @Threads(2)
    public Object smallTemplateTwoThreads() {
        return js.evaluate("'Hello ' + $json.body.user.name + ', you asked: ' + $json.chatInput", bindings);
    }
}
