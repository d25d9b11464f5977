package io.clusternode.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.tool.CalculatorTool;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptedLlmProviderTest {

    @Test
    void drivesAnAgentThroughAToolCallAndRecordsWhatItWasSent() {
        ScriptedLlmProvider model = ScriptedLlmProvider.builder()
                .callTool("calculator", "{\"expression\":\"12 * 7\"}")
                .reply("It is 84.")
                .build();
        AiAgent agent = AiAgent.builder().model(model).tool(new CalculatorTool()).build();

        AgentResponse response = agent.execute(List.of(Message.user("What is 12 * 7?")), AgentConfig.defaults());

        assertThat(response.content()).isEqualTo("It is 84.");
        assertThat(model.callCount()).isEqualTo(2);
        List<Message> second = model.lastRequest().messages();
        assertThat(second).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL);
        assertThat(second.get(2).content()).isEqualTo("84");
        assertThat(model.requests().get(0).config().tools()).extracting(t -> t.name()).containsExactly("calculator");
    }

    @Test
    void anExhaustedScriptFailsClearlyUnlessItRepeats() {
        ScriptedLlmProvider once = ScriptedLlmProvider.builder().reply("hi").build();
        once.call(List.of(Message.user("a")), LlmConfig.defaults());
        assertThatThrownBy(() -> once.call(List.of(Message.user("b")), LlmConfig.defaults()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_PROTOCOL_ERROR))
                .hasMessageContaining("has 1 answers but was called 2 times");
        assertThat(once.callCount()).isEqualTo(2);

        ScriptedLlmProvider repeating = ScriptedLlmProvider.builder().reply("again").repeatLast().build();
        for (int i = 0; i < 3; i++) {
            assertThat(repeating.call(List.of(Message.user("x")), LlmConfig.defaults()).content()).isEqualTo("again");
        }
    }

    @Test
    void aScriptedFailureReachesTheAgentLikeAnEndpointFailureAndStoresNothing() {
        ScriptedLlmProvider model = ScriptedLlmProvider.builder()
                .fail(new NodeExecutionException(ErrorCode.MODEL_UNAVAILABLE, "503 from the endpoint"))
                .build();
        try (WindowMemory memory = WindowMemory.builder().build()) {
            AiAgent agent = AiAgent.builder().model(model).memory(memory).build();
            assertThatThrownBy(() -> agent.execute(List.of(Message.user("hi")), AgentConfig.defaults()))
                    .isInstanceOfSatisfying(NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE));
            assertThat(memory.sessions()).isEmpty();
        }
    }

    @Test
    void answeringComputesEachReplyFromTheRequest() {
        ScriptedLlmProvider echo = ScriptedLlmProvider.answering((messages, config) -> new LlmResponse(
                "you said " + messages.get(messages.size() - 1).content(), null, List.of(), "stop", null, "echo"));
        assertThat(echo.call(List.of(Message.user("hello")), LlmConfig.defaults()).content()).isEqualTo("you said hello");
        assertThatThrownBy(() -> ScriptedLlmProvider.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ScriptedLlmProvider.answering(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ScriptedLlmProvider.builder().reply("x").build().lastRequest())
                .isInstanceOf(IllegalStateException.class);
    }
}
