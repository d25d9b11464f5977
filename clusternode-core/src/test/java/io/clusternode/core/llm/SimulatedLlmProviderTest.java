package io.clusternode.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.spi.StreamListener;
import io.clusternode.core.tool.CalculatorTool;
import io.clusternode.core.tool.DateTimeTool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedLlmProviderTest {

    private static final SimulatedLlmProvider MODEL = new SimulatedLlmProvider();
    private static final LlmConfig WITH_CALCULATOR = LlmConfig.of("simulated")
            .withTools(List.of(new CalculatorTool().toolDefinition()));
    private static final LlmConfig PLAIN = LlmConfig.of("simulated");

    private static long ceilQuarter(String text) {
        return (text.length() + 3L) / 4;
    }

    @Test
    void describesItself() {
        assertThat(MODEL.type()).isEqualTo(NodeType.LANGUAGE_MODEL);
        assertThat(MODEL.kind()).isEqualTo(SimulatedLlmProvider.KIND);
        assertThat(MODEL.defaultModel()).isEqualTo("simulated");
    }

    @Test
    void callsCalculatorForAnExpressionWhenOffered() {
        LlmResponse response = MODEL.call(List.of(Message.user("What is 12 * 7?")), WITH_CALCULATOR);
        assertThat(response.hasToolCalls()).isTrue();
        assertThat(response.finishReason()).isEqualTo("tool_calls");
        assertThat(response.content()).isEmpty();
        ToolCall call = response.toolCalls().get(0);
        assertThat(call.name()).isEqualTo("calculator");
        assertThat(call.id()).startsWith("call_").endsWith("_1");
        JsonNode arguments = Json.parse(call.arguments(), "arguments");
        assertThat(arguments).isEqualTo(Json.object().put("expression", "12 * 7"));
        assertThat(response.usage().completionTokens()).isPositive();
    }

    @Test
    void doesNotCallToolsWhenNotOfferedOrToolChoiceNone() {
        LlmResponse plain = MODEL.call(List.of(Message.user("What is 12 * 7?")), PLAIN);
        assertThat(plain.hasToolCalls()).isFalse();
        assertThat(plain.content()).contains("12 * 7");

        LlmResponse none = MODEL.call(List.of(Message.user("What is 12 * 7?")), WITH_CALCULATOR.withToolChoice("none"));
        assertThat(none.hasToolCalls()).isFalse();

        ToolDefinition other = new ToolDefinition("weather", "w", Json.object());
        LlmResponse otherTool = MODEL.call(List.of(Message.user("What is 12 * 7?")),
                PLAIN.withTools(List.of(other)));
        assertThat(otherTool.hasToolCalls()).isFalse();
    }

    @Test
    void noToolCallWithoutAnExpression() {
        LlmResponse response = MODEL.call(List.of(Message.user("Tell me about pi and 42 apples")), WITH_CALCULATOR);
        assertThat(response.hasToolCalls()).isFalse();
        assertThat(response.finishReason()).isEqualTo("stop");
    }

    @Test
    void answersFromToolResult() {
        ToolCall call = new ToolCall("call_1", "calculator", "{\"expression\":\"12 * 7\"}");
        List<Message> messages = List.of(Message.user("What is 12 * 7?"), Message.assistant("", List.of(call)),
                Message.toolResult("call_1", "84"));
        LlmResponse response = MODEL.call(messages, WITH_CALCULATOR);
        assertThat(response.hasToolCalls()).isFalse();
        assertThat(response.content()).isEqualTo("The result is 84.");
        assertThat(response.finishReason()).isEqualTo("stop");
    }

    @Test
    void toolCallIdsDoNotRepeatAcrossTheTurnsOfASession() {
        // The model sees the whole session, or only its last 6 messages as a windowed memory gives them.
        for (int view : new int[] {Integer.MAX_VALUE, 6}) {
            List<Message> session = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int turn = 0; turn < 30; turn++) {
                Message question = Message.user("What is 1 + 1?");
                List<Message> seen = new ArrayList<>(session.subList(Math.max(0, session.size() - view), session.size()));
                seen.add(question);
                LlmResponse asked = MODEL.call(seen, WITH_CALCULATOR);
                ToolCall call = asked.toolCalls().get(0);
                ids.add(call.id());
                session.add(question);
                session.add(Message.assistant("", asked.toolCalls()));
                session.add(Message.toolResult(call.id(), "2"));
                session.add(Message.assistant(MODEL.call(session, WITH_CALCULATOR).content()));
            }
            assertThat(ids).as("view %d", view).doesNotHaveDuplicates();
        }
        // Deterministic: the same conversation gives the same ids.
        assertThat(new SimulatedLlmProvider().call(List.of(Message.user("What is 1 + 1?")), WITH_CALCULATOR))
                .isEqualTo(MODEL.call(List.of(Message.user("What is 1 + 1?")), WITH_CALCULATOR));
    }

    @Test
    void severalExpressionsAreSeveralCallsAndOneAnswer() {
        LlmResponse asked = MODEL.call(List.of(Message.user("What is 2 + 3 and what is 4 * 5?")), WITH_CALCULATOR);
        assertThat(asked.toolCalls()).extracting(ToolCall::arguments)
                .containsExactly("{\"expression\":\"2 + 3\"}", "{\"expression\":\"4 * 5\"}");
        assertThat(asked.toolCalls()).extracting(ToolCall::id).doesNotHaveDuplicates();
        List<Message> conversation = new ArrayList<>(List.of(Message.user("What is 2 + 3 and what is 4 * 5?"),
                Message.assistant("", asked.toolCalls())));
        conversation.add(Message.toolResult(asked.toolCalls().get(0).id(), "5"));
        conversation.add(Message.toolResult(asked.toolCalls().get(1).id(), "20"));
        assertThat(MODEL.call(conversation, WITH_CALCULATOR).content()).isEqualTo("The results are: 2 + 3 = 5; 4 * 5 = 20.");
    }

    @Test
    void asksTheClockForTheTimeOrTheDateWhenOffered() {
        LlmConfig both = LlmConfig.of("simulated").withTools(List.of(new CalculatorTool().toolDefinition(),
                new DateTimeTool().toolDefinition()));
        for (String question : List.of("What time is it?", "What's the date today", "Which DATE is it?")) {
            assertThat(MODEL.call(List.of(Message.user(question)), both).toolCalls()).as(question).singleElement()
                    .satisfies(c -> {
                        assertThat(c.name()).isEqualTo(DateTimeTool.NAME);
                        assertThat(c.arguments()).isEqualTo("{}");
                    });
        }
        ToolCall paris = MODEL.call(List.of(Message.user("What time is it in Europe/Paris?")), both).toolCalls().get(0);
        assertThat(Json.parse(paris.arguments(), "a")).isEqualTo(Json.object().put("timezone", "Europe/Paris"));
        // The arguments are valid for the real tool.
        assertThat(new DateTimeTool().execute(Json.parse(paris.arguments(), "a"))).contains("Europe/Paris");
        assertThat(MODEL.call(List.of(Message.user("What time is it and what is 6 * 7?")), both).toolCalls())
                .extracting(ToolCall::name).containsExactly(DateTimeTool.NAME, "calculator");
        assertThat(MODEL.call(List.of(Message.user("Sometimes I update things")), both).hasToolCalls()).isFalse();
        assertThat(MODEL.call(List.of(Message.user("What time is it?")), WITH_CALCULATOR).hasToolCalls()).isFalse();
    }

    @Test
    void callsACustomToolTheMessageNamesWithArgumentsFromItsSchema() {
        JsonNode schema = Json.parse("""
                {"type":"object","properties":{
                  "city":{"type":"string"},
                  "days":{"type":"integer","minimum":1},
                  "metric":{"type":"boolean"},
                  "unit":{"type":"string","enum":["celsius","fahrenheit"]},
                  "note":{"type":"string"}},
                 "required":["city","days","metric","unit"]}""", "schema");
        LlmConfig config = WITH_CALCULATOR.withTools(List.of(new CalculatorTool().toolDefinition(),
                new ToolDefinition("get_weather", "weather", schema)));

        ToolCall call = MODEL.call(List.of(Message.user("Please use get_weather for Paris.")), config).toolCalls().get(0);
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(Json.parse(call.arguments(), "a")).isEqualTo(Json.object().put("city", "Paris").put("days", 1)
                .put("metric", true).put("unit", "celsius"));

        ToolCall explicit = MODEL.call(List.of(Message.user(
                "use get_weather city=\"New York\" days=3 metric=false note=soon in fahrenheit")), config).toolCalls().get(0);
        assertThat(Json.parse(explicit.arguments(), "a")).isEqualTo(Json.object().put("city", "New York")
                .put("days", 3).put("metric", false).put("unit", "fahrenheit").put("note", "soon"));

        assertThat(MODEL.call(List.of(Message.user("Is get_weatherish a word?")), config).hasToolCalls()).isFalse();
        LlmResponse result = MODEL.call(List.of(Message.user("use get_weather for Oslo"),
                Message.assistant("", List.of(call)), Message.toolResult(call.id(), "sunny")), config);
        assertThat(result.content()).isEqualTo("The result is sunny.");
    }

    @Test
    void latencyPastTheCallersDeadlineIsATimeout() {
        SimulatedLlmProvider slow = new SimulatedLlmProvider(Duration.ofSeconds(30));
        assertThatThrownBy(() -> CallDeadline.within(System.nanoTime() + 50_000_000L,
                () -> slow.call(List.of(Message.user("x")), PLAIN)))
                .isInstanceOfSatisfying(NodeExecutionException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
    }

    @Test
    void repliesWithEarlierMessageCountIgnoringSystemMessages() {
        LlmResponse first = MODEL.call(List.of(Message.system("be brief"), Message.user("hello")), PLAIN);
        assertThat(first.content()).isEqualTo("Simulated reply to \"hello\" (I received 0 earlier conversation messages).");

        LlmResponse one = MODEL.call(List.of(Message.user("a"), Message.user("b")), PLAIN);
        assertThat(one.content()).contains("I received 1 earlier conversation message)");

        LlmResponse three = MODEL.call(List.of(Message.system("s"), Message.user("a"), Message.assistant("b"),
                Message.system("t"), Message.user("c"), Message.user("again")), PLAIN);
        assertThat(three.content()).contains("I received 3 earlier conversation messages");
    }

    @Test
    void isDeterministic() {
        List<Message> messages = List.of(Message.user("hello"), Message.assistant("hi"), Message.user("What is 3 ^ 2?"));
        LlmResponse a = MODEL.call(messages, WITH_CALCULATOR);
        LlmResponse b = new SimulatedLlmProvider().call(messages, WITH_CALCULATOR);
        assertThat(a).isEqualTo(b);
        assertThat(MODEL.call(List.of(Message.user("x y z")), PLAIN))
                .isEqualTo(MODEL.call(List.of(Message.user("x y z")), PLAIN));
    }

    @Test
    void estimatesTokenUsage() {
        List<Message> messages = List.of(Message.system("You are terse."), Message.user("hello there"));
        LlmResponse response = MODEL.call(messages, PLAIN);
        long prompt = (4 + ceilQuarter("You are terse.")) + (4 + ceilQuarter("hello there"));
        long completion = 4 + ceilQuarter(response.content());
        assertThat(response.usage().promptTokens()).isEqualTo(prompt);
        assertThat(response.usage().completionTokens()).isEqualTo(completion);
        assertThat(response.usage().totalTokens()).isEqualTo(prompt + completion);

        LlmResponse empty = MODEL.call(List.of(Message.user("")), PLAIN);
        assertThat(empty.usage().promptTokens()).isEqualTo(4);
    }

    @Test
    void reportsTheConfiguredModelName() {
        assertThat(MODEL.call(List.of(Message.user("x")), LlmConfig.of("custom")).model()).isEqualTo("custom");
        assertThat(MODEL.call(List.of(Message.user("x")), LlmConfig.defaults()).model()).isEqualTo("simulated");
    }

    @Test
    void sleepsAtLeastTheLatency() {
        SimulatedLlmProvider slow = new SimulatedLlmProvider(Duration.ofMillis(60));
        long start = System.nanoTime();
        slow.call(List.of(Message.user("x")), PLAIN);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(50);
        assertThat(slow.latency()).isEqualTo(Duration.ofMillis(60));
    }

    @Test
    void interruptedLatencyIsCancelled() {
        SimulatedLlmProvider slow = new SimulatedLlmProvider(Duration.ofSeconds(30));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> slow.call(List.of(Message.user("x")), PLAIN))
                    .isInstanceOfSatisfying(NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> new SimulatedLlmProvider(Duration.ofMillis(-1)))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> new SimulatedLlmProvider(null)).isInstanceOfSatisfying(NodeExecutionException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> MODEL.call(List.of(), PLAIN)).isInstanceOfSatisfying(NodeExecutionException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void survivesOddText() {
        List<String> odd = List.of("", " ", "((((", "))))", "1 + (", "-", "---5", "+", "2 +", "sin", "sin(", "pi",
                "sqrt(2) + sqrt(3)", "\u0000\u0001", "\"2+2\"", "\\ 3*3 \\", "😀 1+1 😀", "1,000 + 2,000",
                "2024-01-05", "((1+2)", "x".repeat(10_000), "1+".repeat(3000) + "1", "\n\n1\n*\n2\n",
                "e.g. 5 - 3, then 4 / 2.", "(((((((((((((((((((((((((1)))))))))))))))))))))))))", "\uD83D");
        for (String text : odd) {
            LlmResponse response = MODEL.call(List.of(Message.user(text)), WITH_CALCULATOR);
            assertThat(response).as(text).isNotNull();
            for (ToolCall call : response.toolCalls()) {
                JsonNode arguments = Json.parse(call.arguments(), "arguments");
                assertThat(arguments.path("expression").isTextual()).as(text).isTrue();
            }
            if (!response.hasToolCalls()) {
                assertThat(response.content()).as(text).startsWith("Simulated reply to");
            }
        }
    }

    @Test
    void streamingDeliversTheSameAnswer() {
        List<String> pieces = new ArrayList<>();
        List<Message> messages = List.of(Message.user("stream me"));
        LlmResponse streamed = MODEL.stream(messages, PLAIN, new StreamListener() {
            @Override
            public void onContent(String delta) {
                pieces.add(delta);
            }
        });
        assertThat(streamed).isEqualTo(MODEL.call(messages, PLAIN));
        assertThat(String.join("", pieces)).isEqualTo(streamed.content());
    }
}
