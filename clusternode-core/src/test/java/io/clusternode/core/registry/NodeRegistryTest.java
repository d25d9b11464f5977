package io.clusternode.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.tool.CalculatorTool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeRegistryTest {

    private final NodeRegistry registry = new NodeRegistry();

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    /** A tool that records its close() calls and can be told to fail closing. */
    private static final class RecordingTool implements ToolProvider {
        private final String name;
        private final boolean failOnClose;
        final AtomicInteger closes = new AtomicInteger();

        RecordingTool(String name, boolean failOnClose) {
            this.name = name;
            this.failOnClose = failOnClose;
        }

        @Override
        public ToolDefinition toolDefinition() {
            return new ToolDefinition(name, "records close", Json.object().put("type", "object"));
        }

        @Override
        public String execute(JsonNode arguments) {
            return "ok";
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            if (failOnClose) {
                throw new IllegalStateException("close failed: " + name);
            }
        }
    }

    @Test
    void registersUnderKindAndLooksUpByIdAndType() {
        SimulatedLlmProvider model = registry.register(new SimulatedLlmProvider());
        WindowMemory memory = registry.register(WindowMemory.builder().ttl(java.time.Duration.ZERO).build());
        CalculatorTool calculator = registry.register(new CalculatorTool());
        AiAgent agent = registry.register("agent-1", AiAgent.builder().model(model).build());

        assertThat(registry.get(SimulatedLlmProvider.KIND)).isSameAs(model);
        assertThat(registry.model(SimulatedLlmProvider.KIND)).isSameAs(model);
        assertThat(registry.memory(WindowMemory.KIND)).isSameAs(memory);
        assertThat(registry.tool(CalculatorTool.NAME)).isSameAs(calculator);
        assertThat(registry.agent("agent-1")).isSameAs(agent);
        assertThat(registry.get(CalculatorTool.NAME, ToolProvider.class)).isSameAs(calculator);
        assertThat(registry.contains("agent-1")).isTrue();
        assertThat(registry.contains("agent-2")).isFalse();
    }

    @Test
    void listsAndCountsByType() {
        registry.register("m2", new SimulatedLlmProvider());
        registry.register("m1", new SimulatedLlmProvider());
        registry.register("calc", new CalculatorTool());
        registry.register("mem", WindowMemory.builder().ttl(java.time.Duration.ZERO).build());

        assertThat(registry.size()).isEqualTo(4);
        assertThat(registry.ids()).containsExactly("calc", "m1", "m2", "mem");
        assertThat(registry.ids(NodeType.LANGUAGE_MODEL)).containsExactly("m1", "m2");
        assertThat(registry.ids(NodeType.TOOL)).containsExactly("calc");
        assertThat(registry.ids(NodeType.MEMORY)).containsExactly("mem");
        assertThat(registry.ids(NodeType.AGENT)).isEmpty();

        assertThat(registry.unregister("m1")).isInstanceOf(SimulatedLlmProvider.class);
        assertThat(registry.unregister("m1")).isNull();
        assertThat(registry.ids(NodeType.LANGUAGE_MODEL)).containsExactly("m2");
    }

    @Test
    void typedLookupOfAnotherTypeFailsWithWrongNodeType() {
        registry.register("mem", WindowMemory.builder().ttl(java.time.Duration.ZERO).build());
        assertThatThrownBy(() -> registry.model("mem"))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.WRONG_NODE_TYPE))
                .hasMessage("provider 'mem' is an ai_memory node, not an ai_languageModel node");
        assertThatThrownBy(() -> registry.get("mem", LlmProvider.class))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.WRONG_NODE_TYPE));
        assertThatThrownBy(() -> registry.tool("mem")).isInstanceOfSatisfying(NodeExecutionException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.WRONG_NODE_TYPE));
        assertThat(registry.get("mem", MemoryProvider.class)).isNotNull();
    }

    @Test
    void unknownIdFailsWithUnknownNodeListingRegistered() {
        registry.register("known", new CalculatorTool());
        assertThatThrownBy(() -> registry.get("missing"))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_NODE))
                .hasMessageContaining("missing").hasMessageContaining("known");
        assertThatThrownBy(() -> registry.model("missing")).isInstanceOfSatisfying(NodeExecutionException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_NODE));
        assertThatThrownBy(() -> registry.get(null)).isInstanceOfSatisfying(NodeExecutionException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_NODE));
    }

    @Test
    void duplicateIdFailsAndKeepsTheFirst() {
        SimulatedLlmProvider first = registry.register("x", new SimulatedLlmProvider());
        assertThatThrownBy(() -> registry.register("x", new CalculatorTool()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_NODE))
                .hasMessageContaining("'x'");
        assertThat(registry.get("x")).isSameAs(first);
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void rejectsEmptyIdAndNullProvider() {
        assertThatThrownBy(() -> registry.register(" ", new CalculatorTool()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> registry.register(null, new CalculatorTool()))
                .isInstanceOf(NodeExecutionException.class);
        assertThatThrownBy(() -> registry.register("a", null)).isInstanceOf(NullPointerException.class);
        assertThat(registry.size()).isZero();
    }

    @Test
    void closeClosesAllEvenWhenOneFails() {
        RecordingTool a = registry.register("a", new RecordingTool("a", false));
        RecordingTool b = registry.register("b", new RecordingTool("b", true));
        RecordingTool c = registry.register("c", new RecordingTool("c", true));
        RecordingTool d = registry.register("d", new RecordingTool("d", false));

        assertThatThrownBy(registry::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("close failed: b")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        for (RecordingTool tool : List.of(a, b, c, d)) {
            assertThat(tool.closes.get()).as(tool.name()).isEqualTo(1);
        }
        assertThat(registry.size()).isZero();
        registry.close();
        assertThat(a.closes.get()).isEqualTo(1);
    }

    @Test
    void concurrentRegistrationOfDistinctIdsKeepsAll() throws Exception {
        int threads = 500;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < threads; i++) {
                String id = "tool-" + i;
                futures.add(executor.submit(() -> {
                    start.await();
                    registry.register(id, new RecordingTool(id, false));
                    return registry.tool(id);
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                assertThat(future.get()).isNotNull();
            }
        }
        assertThat(registry.size()).isEqualTo(threads);
        assertThat(registry.ids(NodeType.TOOL)).hasSize(threads).doesNotHaveDuplicates();
    }

    @Test
    void concurrentDuplicateRegistrationHasExactlyOneWinner() throws Exception {
        for (int round = 0; round < 20; round++) {
            String id = "contended-" + round;
            int threads = 64;
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger wins = new AtomicInteger();
            ConcurrentLinkedQueue<Object> winners = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<ErrorCode> failures = new ConcurrentLinkedQueue<>();
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < threads; i++) {
                    var unused = executor.submit(() -> {
                        RecordingTool tool = new RecordingTool(id, false);
                        start.await();
                        try {
                            registry.register(id, tool);
                            wins.incrementAndGet();
                            winners.add(tool);
                        } catch (NodeExecutionException e) {
                            failures.add(e.code());
                        }
                        return null;
                    });
                }
                start.countDown();
            }
            assertThat(wins.get()).isEqualTo(1);
            assertThat(failures).hasSize(threads - 1).containsOnly(ErrorCode.DUPLICATE_NODE);
            assertThat(registry.get(id)).isSameAs(winners.peek());
        }
    }
}
