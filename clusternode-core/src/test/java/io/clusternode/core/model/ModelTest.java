package io.clusternode.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTest {

    private static final ToolCall CALL = new ToolCall("call_1", "calculator", "{\"expression\":\"1+1\"}");

    @Test
    void toolMessageNeedsToolCallId() {
        assertThatThrownBy(() -> new Message(Role.TOOL, "42", List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id of the tool call");
        assertThatThrownBy(() -> Message.toolResult("", "42")).isInstanceOf(IllegalArgumentException.class);
        Message ok = Message.toolResult("call_1", "42");
        assertThat(ok.role()).isEqualTo(Role.TOOL);
        assertThat(ok.toolCallId()).isEqualTo("call_1");
    }

    @Test
    void onlyToolMessagesCarryToolCallId() {
        for (Role role : List.of(Role.SYSTEM, Role.USER, Role.ASSISTANT)) {
            assertThatThrownBy(() -> new Message(role, "x", List.of(), "call_1"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only a tool message");
        }
    }

    @Test
    void onlyAssistantCarriesToolCalls() {
        for (Role role : List.of(Role.SYSTEM, Role.USER)) {
            assertThatThrownBy(() -> new Message(role, "x", List.of(CALL), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only an assistant");
        }
        assertThatThrownBy(() -> new Message(Role.TOOL, "x", List.of(CALL), "call_1"))
                .isInstanceOf(IllegalArgumentException.class);
        Message assistant = Message.assistant("", List.of(CALL));
        assertThat(assistant.hasToolCalls()).isTrue();
        assertThat(assistant.toolCalls()).containsExactly(CALL);
    }

    @Test
    void messageNormalisesNullsAndCopiesLists() {
        assertThatThrownBy(() -> new Message(null, "x", null, null)).isInstanceOf(NullPointerException.class);
        Message user = new Message(Role.USER, null, null, null);
        assertThat(user.content()).isEmpty();
        assertThat(user.toolCalls()).isEmpty();

        List<ToolCall> calls = new ArrayList<>(List.of(CALL));
        Message assistant = Message.assistant("x", calls);
        calls.clear();
        assertThat(assistant.toolCalls()).containsExactly(CALL);
        assertThatThrownBy(() -> assistant.toolCalls().add(CALL)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void approximateBytesGrowsWithContent() {
        assertThat(Message.user("a").approximateBytes()).isPositive();
        assertThat(Message.user("a".repeat(100)).approximateBytes())
                .isGreaterThan(Message.user("a").approximateBytes());
        assertThat(Message.assistant("", List.of(CALL)).approximateBytes())
                .isGreaterThan(Message.assistant("").approximateBytes());
    }

    @Test
    void rolesHaveWireNames() {
        assertThat(Role.ASSISTANT.wireName()).isEqualTo("assistant");
        for (Role role : Role.values()) {
            assertThat(Role.fromWireName(role.wireName())).isEqualTo(role);
        }
        assertThatThrownBy(() -> Role.fromWireName("robot")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("robot");
    }

    @Test
    void toolCallDefaultsBlankArgumentsToEmptyObject() {
        assertThat(new ToolCall("a", "t", null).arguments()).isEqualTo("{}");
        assertThat(new ToolCall("a", "t", "  ").arguments()).isEqualTo("{}");
        assertThatThrownBy(() -> new ToolCall(null, "t", "{}")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ToolCall("a", null, "{}")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void llmConfigValidatesRanges() {
        LlmConfig base = LlmConfig.of("m");
        assertThat(base.withTemperature(0.0).temperature()).isZero();
        assertThat(base.withTemperature(2.0).temperature()).isEqualTo(2.0);
        assertThatThrownBy(() -> base.withTemperature(-0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> base.withTemperature(2.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withTemperature(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withMaxTokens(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxTokens");
        assertThat(base.withMaxTokens(1).maxTokens()).isEqualTo(1);
        assertThatThrownBy(() -> base.withTopP(0.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topP");
        assertThatThrownBy(() -> base.withTopP(1.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withTopP(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(base.withTopP(1.0).topP()).isEqualTo(1.0);
    }

    @Test
    void llmConfigDefaultsAndWithers() {
        LlmConfig config = new LlmConfig("m", null, null, null, null, null, null, null);
        assertThat(config.stop()).isEmpty();
        assertThat(config.tools()).isEmpty();
        assertThat(config.responseFormat()).isEqualTo(ResponseFormat.TEXT);
        LlmConfig changed = config.withModel("n").withStop(List.of("END")).withToolChoice("none")
                .withResponseFormat(ResponseFormat.JSON_OBJECT).withTemperature(0.5);
        assertThat(changed.model()).isEqualTo("n");
        assertThat(changed.stop()).containsExactly("END");
        assertThat(changed.toolChoice()).isEqualTo("none");
        assertThat(changed.responseFormat()).isEqualTo(ResponseFormat.JSON_OBJECT);
        assertThat(changed.temperature()).isEqualTo(0.5);
        assertThat(config.model()).isEqualTo("m");
    }

    @Test
    void usagePlusAddsEveryField() {
        Usage a = new Usage(10, 5, 15, 3, 7);
        Usage b = new Usage(1, 2, 3, 4, 5);
        assertThat(a.plus(b)).isEqualTo(new Usage(11, 7, 18, 7, 12));
        assertThat(a.plus(null)).isEqualTo(a);
        assertThat(a.plus(Usage.ZERO)).isEqualTo(a);
        assertThat(Usage.ZERO.plus(a)).isEqualTo(a);
        assertThat(Usage.of(3, 4)).isEqualTo(new Usage(3, 4, 7, 0, 0));
    }

    @Test
    void llmResponseDefaultsAndToMessageDropsReasoning() {
        LlmResponse response = new LlmResponse(null, "thinking", null, "stop", null, "m");
        assertThat(response.content()).isEmpty();
        assertThat(response.usage()).isEqualTo(Usage.ZERO);
        assertThat(response.hasToolCalls()).isFalse();
        LlmResponse withCall = new LlmResponse("", "r", List.of(CALL), "tool_calls", Usage.of(1, 1), "m");
        Message message = withCall.toMessage();
        assertThat(message.role()).isEqualTo(Role.ASSISTANT);
        assertThat(message.toolCalls()).containsExactly(CALL);
        assertThat(message.content()).doesNotContain("r");
    }
}
