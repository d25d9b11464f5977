package io.clusternode.core.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.llm.ForwardingLlmProvider;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.metrics.MetricsCollector;
import io.clusternode.core.model.Message;
import io.clusternode.core.registry.NodeRegistry;
import io.clusternode.core.testing.ScriptedModel;
import io.clusternode.core.tool.CalculatorTool;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ExecutorMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void recordsTasksModelCallsTokensToolsAndMemoryOperations() {
        try (ClusterNodeExecutor executor = new ClusterNodeExecutor(new NodeRegistry(), new MetricsCollector(registry))) {
            executor.register("assistant", AiAgent.builder().model(new SimulatedLlmProvider())
                    .memory(WindowMemory.builder().build()).tool(new CalculatorTool()).build(), null);
            long promptTokens = 0;
            long completionTokens = 0;
            for (int i = 0; i < 3; i++) {
                TaskResult result = executor.execute("assistant",
                        executor.newContext(List.of(Message.user("What is 12 * 7?"))));
                promptTokens += result.usage().promptTokens();
                completionTokens += result.usage().completionTokens();
            }
            assertThatThrownBy(() -> executor.execute("assistant", executor.newContext(List.of())))
                    .isInstanceOf(NodeExecutionException.class);

            Timer tasks = registry.get(MetricsCollector.TASKS).tag("task", "assistant").tag("type", "main").timer();
            assertThat(tasks.count()).isEqualTo(4);
            assertThat(registry.get(MetricsCollector.TASK_ERRORS).tag("code", "INVALID_INPUT").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get(MetricsCollector.MODEL_CALLS).tag("model", SimulatedLlmProvider.KIND)
                    .tag("outcome", "success").functionTimer().count()).isEqualTo(6);
            assertThat(registry.get(MetricsCollector.MODEL_CALLS).tag("model", SimulatedLlmProvider.KIND)
                    .tag("outcome", "success").functionTimer().totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(registry.get(MetricsCollector.MODEL_CALLS).tag("outcome", "failure").functionTimer().count())
                    .as("the failure series exists from the model's first call, at zero").isZero();
            assertThat(registry.get(MetricsCollector.MODEL_TOKENS).tag("kind", "prompt").functionCounter().count())
                    .isPositive().isEqualTo((double) promptTokens);
            assertThat(registry.get(MetricsCollector.MODEL_TOKENS).tag("kind", "completion").functionCounter().count())
                    .isPositive().isEqualTo((double) completionTokens);
            assertThat(registry.get(MetricsCollector.TOOL_CALLS).tag("tool", "calculator").tag("outcome", "success")
                    .functionTimer().count()).isEqualTo(3);
            assertThat(registry.get(MetricsCollector.MEMORY_OPERATIONS).tag("backend", WindowMemory.KIND)
                    .tag("operation", "store").functionTimer().count()).isEqualTo(3);
            assertThat(registry.get(MetricsCollector.MEMORY_OPERATIONS).tag("operation", "load").functionTimer().count())
                    .isEqualTo(3);
        }
    }

    @Test
    void aToolErrorCountsAsAFailedToolCall() {
        try (ClusterNodeExecutor executor = new ClusterNodeExecutor(new NodeRegistry(), new MetricsCollector(registry))) {
            executor.register("assistant", AiAgent.builder().model(new SimulatedLlmProvider())
                    .tool(new CalculatorTool()).build(), null);
            executor.execute("assistant", executor.newContext(List.of(Message.user("What is 1 / 0?"))));
            assertThat(registry.get(MetricsCollector.TOOL_CALLS).tag("outcome", "failure").functionTimer().count())
                    .isEqualTo(1);
        }
    }

    @Test
    void withoutACollectorNothingIsRecorded() {
        try (ClusterNodeExecutor executor = new ClusterNodeExecutor()) {
            assertThat(executor.metrics()).isEmpty();
        }
    }

    @Test
    void warmUpInitialisesProvidersAndRunsOfflineTurnsWithoutTouchingRegisteredMemory() {
        WindowMemory memory = WindowMemory.builder().build();
        try (ClusterNodeExecutor executor = new ClusterNodeExecutor(new NodeRegistry(), new MetricsCollector(registry))) {
            executor.register("memory", memory, null);
            Duration took = executor.warmUp(5);
            assertThat(took).isPositive();
            assertThat(memory.sessions()).isEmpty();
            // warm-up turns are not user traffic: they are not recorded
            assertThat(registry.find(MetricsCollector.TASKS).timers()).isEmpty();
            assertThatThrownBy(() -> executor.warmUp(-1)).isInstanceOf(NodeExecutionException.class);
        }
    }

    @Test
    void warmUpNeverCallsARegisteredModelNorWritesARegisteredAgentsMemory() {
        AtomicBoolean initialised = new AtomicBoolean();
        ScriptedModel script = new ScriptedModel("paid-model", (messages, config) -> {
            throw new AssertionError("warm-up called the registered model");
        });
        ForwardingLlmProvider paid = new ForwardingLlmProvider(script) {
            @Override
            public void initialize() {
                initialised.set(true);
            }
        };
        WindowMemory userMemory = WindowMemory.builder().build();
        try (ClusterNodeExecutor executor = new ClusterNodeExecutor()) {
            executor.register("model", paid, null);
            executor.register("assistant", AiAgent.builder().model(paid).memory(userMemory).build(), null);
            initialised.set(false);
            executor.warmUp(20);
            assertThat(initialised).as("registered providers are initialised").isTrue();
            assertThat(script.requests()).isEmpty();
            assertThat(userMemory.sessions()).isEmpty();
        }
    }
}
