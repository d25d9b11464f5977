package io.clusternode.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.tool.P;
import io.clusternode.core.tool.Tool;
import io.clusternode.core.tool.Tools;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an annotated tool costs per call over a hand-written {@link ToolProvider} doing the same work: read
 * three arguments (a string, an integer, an optional string) from the validated JSON and return a string.
 * The annotated tool ({@link Tools#from}) reads each argument with a reader prepared at registration and calls
 * the method through a spread {@code MethodHandle}; the record form ({@link Tools#of}) binds the arguments to a
 * record with Jackson. The target is an annotated call within 1 µs of the hand-written one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ToolCallBenchmark {

    /** The work every variant does. */
    static String greet(String name, int times, String punctuation) {
        StringBuilder out = new StringBuilder(name.length() * times + 16);
        for (int i = 0; i < times; i++) {
            out.append("Hello ").append(name).append(punctuation);
        }
        return out.toString();
    }

    /** The annotated form. */
    public static final class Greeter {
        @Tool("Greets someone a number of times")
        public String greet(@P("who to greet") String name, @P("how many times") int times,
                @P("what ends each greeting") Optional<String> punctuation) {
            return ToolCallBenchmark.greet(name, times, punctuation.orElse("!"));
        }
    }

    /** The record form's arguments. */
    public record Greeting(@P("who to greet") String name, @P("how many times") int times,
            @P("what ends each greeting") Optional<String> punctuation) {
    }

    /** The hand-written form, sharing the annotated tool's definition so both are offered identically. */
    static final class HandWritten implements ToolProvider {
        private final ToolDefinition definition;

        HandWritten(ToolDefinition definition) {
            this.definition = definition;
        }

        @Override
        public ToolDefinition toolDefinition() {
            return definition;
        }

        @Override
        public String execute(JsonNode arguments) {
            JsonNode punctuation = arguments.get("punctuation");
            return greet(arguments.get("name").asText(), arguments.get("times").intValue(),
                    punctuation == null || punctuation.isNull() ? "!" : punctuation.asText());
        }
    }

    private JsonNode arguments;
    private ToolProvider annotated;
    private ToolProvider record;
    private ToolProvider handWritten;

    @Setup
    public void setUp() {
        arguments = Json.parse("{\"name\":\"Ada\",\"times\":2,\"punctuation\":\".\"}", "arguments");
        annotated = Tools.from(new Greeter()).get(0);
        record = Tools.of("greet", "Greets someone a number of times", Greeting.class,
                g -> greet(g.name(), g.times(), g.punctuation().orElse("!")));
        handWritten = new HandWritten(annotated.toolDefinition());
        String expected = handWritten.execute(arguments);
        if (!expected.equals(annotated.execute(arguments)) || !expected.equals(record.execute(arguments))) {
            throw new IllegalStateException("the tool variants disagree");
        }
    }

    @Benchmark
    public String handWrittenTool() {
        return handWritten.execute(arguments);
    }

    @Benchmark
    public String annotatedTool() {
        return annotated.execute(arguments);
    }

    @Benchmark
    public String recordTool() {
        return record.execute(arguments);
    }
}
