package io.clusternode.openai;

import static io.clusternode.openai.LoopbackServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.StreamListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiStreamingTest {

    /** The transport under test; a subclass runs every test again on the other one. */
    OpenAiConfig.Transport transport() {
        return OpenAiConfig.Transport.OKHTTP;
    }

    OpenAiConfig.Builder fast(LoopbackServer server) {
        return TestConfigs.fast(server).transport(transport());
    }

    /** Records every piece in arrival order, tagged by kind. */
    static final class Recorder implements StreamListener {
        final List<String> pieces = new CopyOnWriteArrayList<>();

        @Override
        public void onContent(String delta) {
            pieces.add("content:" + delta);
        }

        @Override
        public void onReasoning(String delta) {
            pieces.add("reasoning:" + delta);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 100_000})
    void contentDeltasArriveInOrderDespiteCommentsAndAnySlicing(int slice) throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.sse(fixture("stream-plain.sse"), slice));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            Recorder recorder = new Recorder();

            LlmResponse response = provider.stream(List.of(Message.user("hi")), LlmConfig.defaults(), recorder);

            assertThat(recorder.pieces).containsExactly("content:Hello", "content:, wörld", "content:!");
            assertThat(response.content()).isEqualTo("Hello, wörld!");
            assertThat(response.finishReason()).isEqualTo("stop");
            assertThat(response.usage()).isEqualTo(new Usage(9, 4, 13, 0, 9));
            assertThat(response.model()).isEqualTo("gpt-4o-mini");
            JsonNode body = server.lastRequest().json();
            assertThat(body.get("stream").asBoolean()).isTrue();
            assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
            assertThat(server.lastRequest().headers()).containsEntry("accept", "text/event-stream");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 50, 100_000})
    void fragmentedToolCallsAreAssembledByIndex(int slice) throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.sse(fixture("stream-tool-calls.sse"), slice));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            Recorder recorder = new Recorder();

            LlmResponse response = provider.stream(List.of(Message.user("12 * 7 and the time")), LlmConfig.defaults(),
                    recorder);

            assertThat(response.toolCalls()).containsExactly(
                    new ToolCall("call_A1", "calculator", "{\"expression\":\"12 * 7\"}"),
                    new ToolCall("call_B2", "datetime", "{\"zone\":\"UTC\"}"));
            assertThat(response.finishReason()).isEqualTo("tool_calls");
            assertThat(response.content()).isEmpty();
            assertThat(response.usage().totalTokens()).isEqualTo(80);
            assertThat(recorder.pieces).isEmpty();
        }
    }

    @Test
    void reasoningStreamsSeparatelyAndIsNeverSentBack() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.sse(fixture("stream-reasoner.sse"), 40));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(
                     fast(server).model("deepseek-reasoner").build())) {
            Recorder recorder = new Recorder();
            List<Message> conversation = new java.util.ArrayList<>(List.of(Message.user("What is 12 * 7?")));

            LlmResponse response = provider.stream(conversation, LlmConfig.defaults(), recorder);

            assertThat(recorder.pieces).containsExactly("reasoning:12 times 7", "reasoning: is 84.",
                    "content:The answer", "content: is 84.");
            assertThat(response.reasoning()).isEqualTo("12 times 7 is 84.");
            assertThat(response.content()).isEqualTo("The answer is 84.");
            assertThat(response.usage()).isEqualTo(new Usage(13, 20, 33, 0, 13));

            conversation.add(response.toMessage());
            conversation.add(Message.user("And 12 * 8?"));
            provider.stream(conversation, LlmConfig.defaults(), StreamListener.NONE);
            String second = server.lastRequest().text();
            assertThat(second).doesNotContain("reasoning_content").doesNotContain("12 times 7");
            assertThat(server.lastRequest().json().at("/messages/1/content").asText()).isEqualTo("The answer is 84.");
        }
    }

    @Test
    void streamEndingWithoutDoneOrFinishReasonIsAProtocolError() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.sse(fixture("stream-truncated.sse"), 30));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            Recorder recorder = new Recorder();

            assertThatThrownBy(() -> provider.stream(List.of(Message.user("hi")), LlmConfig.defaults(), recorder))
                    .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_PROTOCOL_ERROR);
                        assertThat(e.getMessage()).contains("ended before the answer was complete");
                    });
            assertThat(recorder.pieces).containsExactly("content:The answer is", "content: forty");
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void connectionDroppedMidStreamIsAnErrorNotATruncatedSuccess() throws Exception {
        String firstTwoEvents = fixture("stream-plain.sse").lines().limit(6).reduce("", (a, b) -> a + b + "\n");
        try (LoopbackServer server = new LoopbackServer((req, ex) -> {
            ex.startChunked(200, "text/event-stream");
            ex.chunk(firstTwoEvents);
            ex.drop();
        });
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            Recorder recorder = new Recorder();

            assertThatThrownBy(() -> provider.stream(List.of(Message.user("hi")), LlmConfig.defaults(), recorder))
                    .isInstanceOfSatisfying(NodeExecutionException.class, e -> assertThat(e.code())
                            .isIn(ErrorCode.MODEL_UNAVAILABLE, ErrorCode.MODEL_PROTOCOL_ERROR));
            assertThat(recorder.pieces).containsExactly("content:Hello");
            // Text already reached the listener: a retry would show it twice, so there is none.
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void dropBeforeAnyPieceIsRetried() throws Exception {
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        try (LoopbackServer server = new LoopbackServer((req, ex) -> {
            if (seen.incrementAndGet() == 1) {
                ex.startChunked(200, "text/event-stream");
                ex.chunk(": keep-alive\n\n");
                ex.drop();
            } else {
                ex.sse(fixture("stream-plain.sse"), 100);
            }
        });
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            Recorder recorder = new Recorder();
            LlmResponse response = provider.stream(List.of(Message.user("hi")), LlmConfig.defaults(), recorder);
            assertThat(response.content()).isEqualTo("Hello, wörld!");
            assertThat(recorder.pieces).hasSize(3);
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void silentStreamHitsTheReadTimeout() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> {
            ex.startChunked(200, "text/event-stream");
            ex.chunk("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n");
            Thread.sleep(5_000);
        });
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(
                     fast(server).readTimeout(Duration.ofMillis(300)).build())) {
            Recorder recorder = new Recorder();

            assertThatThrownBy(() -> provider.stream(List.of(Message.user("hi")), LlmConfig.defaults(), recorder))
                    .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                        assertThat(e.getMessage()).contains("read timeout");
                    });
            assertThat(recorder.pieces).containsExactly("content:Hel");
        }
    }

    @Test
    void endpointAnsweringAStreamRequestWithPlainJsonStillWorks() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(fixture("deepseek-reasoner.json")));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            Recorder recorder = new Recorder();
            LlmResponse response = provider.stream(List.of(Message.user("hi")), LlmConfig.defaults(), recorder);
            assertThat(response.content()).isEqualTo("9.11 is smaller than 9.8.");
            assertThat(recorder.pieces).hasSize(2).startsWith("reasoning:Compare 9.11 and 9.8: 9.8 = 9.80 and 0.11 < 0.80, so 9.11 is smaller.");
        }
    }

    @Test
    void errorEventInsideTheStreamIsReported() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.sse(
                "data: {\"error\":{\"message\":\"model overloaded mid-answer\",\"type\":\"server_error\"}}\n\n", 1000));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(
                     fast(server).maxRetries(0).build())) {
            assertThatThrownBy(() -> provider.stream(List.of(Message.user("hi")), LlmConfig.defaults(), new Recorder()))
                    .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("model overloaded mid-answer");
                    });
        }
    }
}
