package io.clusternode.core.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.tool.CalculatorTool;
import io.clusternode.core.tool.Tools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterNodeExecutorTest {

    private ClusterNodeExecutor executor;
    private WindowMemory memory;
    private SimulatedLlmProvider model;

    @BeforeEach
    void setUp() {
        executor = new ClusterNodeExecutor();
        model = new SimulatedLlmProvider();
        memory = WindowMemory.builder().ttl(Duration.ZERO).maxMessages(1000).build();
        CalculatorTool calculator = new CalculatorTool();
        executor.register("model", model, ClusterNodeConfig.defaults().withModel(LlmConfig.of("sim-x")));
        executor.register("memory", memory, ClusterNodeConfig.defaults().withSessionId("mem-session")
                .withRetrieveCount(3));
        executor.register("calc", calculator, null);
        executor.register("agent", AiAgent.builder().model(model).memory(memory).tool(calculator).build(),
                ClusterNodeConfig.defaults().withAgent(AgentConfig.defaults().withSessionId("agent-session")));
    }

    @AfterEach
    void tearDown() {
        executor.close();
    }

    @Test
    void newContextHoldsInputMessagesAndUniqueIds() {
        ExecutionContext a = executor.newContext(List.of(Message.user("hi")));
        ExecutionContext b = executor.newContext();
        assertThat(a.executionId()).isNotEqualTo(b.executionId());
        assertThat(a.require(ContextKey.INPUT_MESSAGES)).containsExactly(Message.user("hi"));
        assertThat(b.get(ContextKey.INPUT_MESSAGES)).isEmpty();
        assertThatThrownBy(() -> b.require(ContextKey.INPUT_MESSAGES))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("input_messages");
    }

    @Test
    void contextRejectsValuesOfTheWrongType() {
        ExecutionContext context = executor.newContext();
        @SuppressWarnings({"unchecked", "rawtypes"})
        ContextKey<Object> raw = (ContextKey) ContextKey.SESSION_ID;
        assertThatThrownBy(() -> context.put(raw, 42)).isInstanceOfSatisfying(NodeExecutionException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        context.put(ContextKey.SESSION_ID, "s").put(ContextKey.SESSION_ID, null);
        assertThat(context.get(ContextKey.SESSION_ID)).isEmpty();
    }

    @Test
    void executesModelTask() {
        TaskResult result = executor.execute("model", executor.newContext(List.of(Message.user("hello"))));
        assertThat(result.taskId()).isEqualTo("model");
        assertThat(result.type()).isEqualTo(NodeType.LANGUAGE_MODEL);
        assertThat(result.content()).contains("hello").contains("0 earlier conversation messages");
        assertThat(result.messages()).singleElement().satisfies(m -> {
            assertThat(m.role()).isEqualTo(Role.ASSISTANT);
            assertThat(m.content()).isEqualTo(result.content());
        });
        assertThat(result.usage().totalTokens()).isPositive();
        assertThat(result.durationNanos()).isPositive();
        assertThat(result.durationMillis()).isPositive();
        assertThat(result.state()).isNull();
    }

    @Test
    void executesMemoryTaskStoringThenRetrieving() {
        for (int i = 1; i <= 5; i++) {
            executor.execute("memory", executor.newContext(List.of(Message.user("m" + i))));
        }
        TaskResult result = executor.execute("memory", executor.newContext());
        assertThat(result.type()).isEqualTo(NodeType.MEMORY);
        assertThat(result.content()).isEmpty();
        assertThat(result.messages()).extracting(Message::content).containsExactly("m3", "m4", "m5");
        assertThat(result.usage().totalTokens()).isZero();
        assertThat(result.durationNanos()).isPositive();
        assertThat(memory.retrieve("mem-session", 10)).hasSize(5);

        TaskResult other = executor.execute("memory",
                executor.newContext(List.of(Message.user("elsewhere"))).put(ContextKey.SESSION_ID, "other"));
        assertThat(other.messages()).extracting(Message::content).containsExactly("elsewhere");
    }

    @Test
    void executesAgentTask() {
        TaskResult result = executor.execute("agent", executor.newContext(List.of(Message.user("What is 12 * 7?"))));
        assertThat(result.type()).isEqualTo(NodeType.AGENT);
        assertThat(result.content()).contains("84");
        assertThat(result.state()).isNotNull();
        assertThat(result.state().toolCalls()).isEqualTo(1);
        assertThat(result.usage()).isEqualTo(result.state().usage());
        assertThat(result.usage().totalTokens()).isPositive();
        assertThat(result.durationNanos()).isPositive();
        assertThat(result.messages()).hasSize(4);
        assertThat(memory.retrieve("agent-session", 10)).isEqualTo(result.messages());
    }

    @Test
    void executesToolTaskWithArgumentsFromLastMessage() {
        TaskResult result = executor.execute("calc",
                executor.newContext(List.of(Message.user("{\"expression\":\"(2 + 3) * 4\"}"))));
        assertThat(result.type()).isEqualTo(NodeType.TOOL);
        assertThat(result.content()).isEqualTo("20");
        assertThat(result.durationNanos()).isPositive();
    }

    @Test
    void toolTaskValidatesArgumentsAgainstTheSchema() {
        assertThatThrownBy(() -> executor.execute("calc",
                executor.newContext(List.of(Message.user("{\"expression\":5}")))))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TOOL_ERROR))
                .hasMessageContaining("expression");
        assertThatThrownBy(() -> executor.execute("calc", executor.newContext(List.of(Message.user("{oops")))))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON));
    }

    /** The arguments of a tool that takes none. */
    record NoArguments() {
    }

    @Test
    void toolTaskWhoseToolReturnsNoResultHasEmptyContent() {
        executor.register("silent", Tools.of("silent", "answers nothing", NoArguments.class, arguments -> null), null);
        TaskResult result = executor.execute("silent", executor.newContext(List.of(Message.user("{}"))));
        assertThat(result.type()).isEqualTo(NodeType.TOOL);
        assertThat(result.content()).isEmpty();
    }

    @Test
    void unknownTaskIdFails() {
        assertThatThrownBy(() -> executor.execute("nope", executor.newContext(List.of(Message.user("x")))))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_NODE))
                .hasMessageContaining("nope");
    }

    @Test
    void modelTaskWithoutInputFails() {
        assertThatThrownBy(() -> executor.execute("model", executor.newContext()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void registerFailingInitializationLeavesNothingBehind() {
        ToolProvider broken = new BrokenTool();
        assertThatThrownBy(() -> executor.register("broken", broken, null)).isInstanceOf(IllegalStateException.class);
        assertThat(executor.registry().contains("broken")).isFalse();
        executor.register("broken2", new CalculatorTool(), null);
        assertThatThrownBy(() -> executor.register("broken2", new CalculatorTool(), null))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_NODE));
    }

    private static final class BrokenTool implements ToolProvider {
        @Override
        public ToolDefinition toolDefinition() {
            return new ToolDefinition("broken", "fails to initialise", io.clusternode.core.json.Json.object());
        }

        @Override
        public String execute(com.fasterxml.jackson.databind.JsonNode arguments) {
            return "";
        }

        @Override
        public void initialize() {
            throw new IllegalStateException("cannot initialise");
        }
    }

    @Test
    void concurrentExecutionsShareProvidersCorrectly() throws Exception {
        int count = 200;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> futures = new ArrayList<>(count);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    switch (n % 4) {
                        case 0 -> {
                            TaskResult r = executor.execute("model",
                                    executor.newContext(List.of(Message.user("ping " + n))));
                            assertThat(r.content()).contains("ping " + n);
                        }
                        case 1 -> {
                            String session = "s-" + n;
                            executor.execute("memory", executor.newContext(List.of(Message.user("a" + n),
                                    Message.assistant("b" + n))).put(ContextKey.SESSION_ID, session));
                            TaskResult r = executor.execute("memory",
                                    executor.newContext(List.of(Message.user("c" + n))).put(ContextKey.SESSION_ID, session));
                            assertThat(r.messages()).extracting(Message::content)
                                    .containsExactly("a" + n, "b" + n, "c" + n);
                        }
                        case 2 -> {
                            int a = n;
                            int b = n % 7 + 1;
                            TaskResult r = executor.execute("agent", executor.newContext(
                                    List.of(Message.user("What is " + a + " * " + b + "?")))
                                    .put(ContextKey.SESSION_ID, "agent-" + n));
                            assertThat(r.content()).isEqualTo("The result is " + (a * b) + ".");
                            assertThat(memory.retrieve("agent-" + n, 10)).hasSize(4);
                        }
                        default -> {
                            TaskResult r = executor.execute("calc", executor.newContext(
                                    List.of(Message.user("{\"expression\":\"" + n + " + 1\"}"))));
                            assertThat(r.content()).isEqualTo(Integer.toString(n + 1));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<Void> future : futures) {
                future.get();
            }
        }
    }
}
