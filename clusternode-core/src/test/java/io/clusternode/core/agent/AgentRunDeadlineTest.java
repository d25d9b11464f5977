package io.clusternode.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.llm.CallDeadline;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.tool.CalculatorTool;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run has one deadline: checked between steps, and handed to each model call as what remains of it. */
class AgentRunDeadlineTest {

    private final WindowMemory memory = WindowMemory.builder().build();

    @Test
    void aModelCallIsBoundedByWhatRemainsAndALateRunStoresNothing() {
        // Two model calls of 300 ms each do not fit in 450 ms: the second is cut to what remains.
        AiAgent agent = AiAgent.builder().model(new SimulatedLlmProvider(Duration.ofMillis(300))).memory(memory)
                .tool(new CalculatorTool()).build();
        long start = System.nanoTime();
        NodeExecutionException e = catchThrowableOfType(NodeExecutionException.class, () -> agent.execute(
                List.of(Message.user("What is 12 * 7?")), AgentConfig.defaults().withSessionId("late")
                        .withTimeout(Duration.ofMillis(450))));
        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        // The second call gave up at the run's deadline instead of sleeping its full 300 ms.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(600 + 2_000));
        assertThat(memory.retrieve("late", 10)).isEmpty();
    }

    @Test
    void aSlowToolEndsTheRunAtTheNextStep() {
        ToolProvider slow = new ToolProvider() {
            final CalculatorTool calculator = new CalculatorTool();

            @Override
            public NodeDefinition definition() {
                return new NodeDefinition("calculator", NodeType.TOOL, "slow calculator", 1, calculator.parameters());
            }

            @Override
            public ToolDefinition toolDefinition() {
                return new ToolDefinition("calculator", "slow", calculator.parameters());
            }

            @Override
            public String execute(JsonNode arguments) {
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return calculator.execute(arguments);
            }
        };
        AiAgent agent = AiAgent.builder().model(new SimulatedLlmProvider()).memory(memory).tool(slow).build();
        NodeExecutionException e = catchThrowableOfType(NodeExecutionException.class, () -> agent.execute(
                List.of(Message.user("What is 2 + 2?")), AgentConfig.defaults().withSessionId("slow-tool")
                        .withTimeout(Duration.ofMillis(200))));
        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(e.getMessage()).contains("200 ms").contains("nothing was stored");
        assertThat(memory.retrieve("slow-tool", 10)).isEmpty();
        assertThat(CallDeadline.remainingNanos()).isEqualTo(CallDeadline.NONE);
    }

    @Test
    void theDefaultRunTimeoutIsGenerousAndATurnWithinItIsStored() {
        assertThat(AgentConfig.defaults().timeout()).isEqualTo(Duration.ofMinutes(15));
        AiAgent agent = AiAgent.builder().model(new SimulatedLlmProvider()).memory(memory)
                .tool(new CalculatorTool()).build();
        agent.execute(List.of(Message.user("What is 2 + 2?")), AgentConfig.defaults().withSessionId("fine"));
        assertThat(memory.retrieve("fine", 10)).hasSize(4);
    }
}
