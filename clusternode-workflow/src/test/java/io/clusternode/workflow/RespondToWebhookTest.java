package io.clusternode.workflow;

import static io.clusternode.workflow.testing.Flows.main;
import static io.clusternode.workflow.testing.Flows.node;
import static io.clusternode.workflow.testing.Flows.sub;
import static io.clusternode.workflow.testing.Flows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.spi.StreamListener;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.testing.Flows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a run hands a server: the Respond to Webhook node's answer, the agents' streams and responses, the memory. */
class RespondToWebhookTest {

    private static ObjectNode json(String text) {
        return (ObjectNode) Json.parse(text, "test");
    }

    @Test
    void theRespondNodeGivesTheRunItsAnswerAndPassesItsItemsOn() {
        String respond = node("Respond", "respondToWebhook", 1.1, "{\"respondWith\": \"json\", \"responseBody\":"
                + " \"={{ $json.body }}\", \"options\": {\"responseCode\": 202, \"responseHeaders\": {\"entries\":"
                + " [{\"name\": \"X-Kind\", \"value\": \"={{ $json.body.kind }}\"}]}}}");
        String after = node("After", "noOp", 1, "{}");
        try (WorkflowRunner runner = Flows.bind(workflow(new String[] {node("Hook", "webhook", 2, "{}"), respond, after},
                main("Hook", "Respond"), main("Respond", "After")))) {
            RunResult result = runner.run(RunRequest.of(json("{\"body\": {\"kind\": \"order\", \"n\": 2}}")));
            WebhookResponse response = result.webhookResponse();
            assertThat(response.node()).isEqualTo("Respond");
            assertThat(response.status()).isEqualTo(202);
            assertThat(response.headers()).isEqualTo(Map.of("X-Kind", "order"));
            assertThat(response.body()).isEqualTo(json("{\"kind\": \"order\", \"n\": 2}"));
            assertThat(result.lastNode()).isEqualTo("After");
            assertThat(result.items().get(0).json().path("body").path("n").asInt()).isEqualTo(2);
        }
        try (WorkflowRunner runner = Flows.bind(workflow(new String[] {node("Hook", "webhook", 2, "{}"),
                node("Respond", "respondToWebhook", 1.1, "{}")}, main("Hook", "Respond")))) {
            WebhookResponse response = runner.run(RunRequest.of(json("{\"body\": {\"a\": 1}}"))).webhookResponse();
            assertThat(response.respondWith()).isEqualTo("firstIncomingItem");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().path("body").path("a").asInt()).isEqualTo(1);
        }
        try (WorkflowRunner runner = Flows.bind(workflow(new String[] {node("Hook", "webhook", 2, "{}")}))) {
            assertThat(runner.run(RunRequest.of(json("{}"))).webhookResponse()).isNull();
        }
    }

    @Test
    void respondWithWhatAServerCannotSendIsRefusedAtLoad() {
        String json = workflow(new String[] {node("Hook", "webhook", 2, "{}"),
                node("Respond", "respondToWebhook", 1.1, "{\"respondWith\": \"binary\"}")}, main("Hook", "Respond"));
        assertThatThrownBy(() -> Workflow.parse(json, "x.json")).isInstanceOfSatisfying(WorkflowLoadException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_NODE);
            assertThat(e.getMessage()).contains("node 'Respond'").contains("respondWith 'binary' is not supported");
        });
    }

    @Test
    void agentsStreamToTheListenerAndReportTheirResponsesAndTheTriggersMemoryIsReachable() {
        String json = workflow(new String[] {node("Chat", "chatTrigger", 1.1, "{}"),
                        node("Agent", "agent", 1.8, "{}"), node("Model", "clusternode.lmChatSimulated", 1, "{}"),
                        node("Memory", "memoryBufferWindow", 1.3, "{}"), node("Calculator", "toolCalculator", 1, "{}")},
                main("Chat", "Agent"), sub("Model", "ai_languageModel", "Agent", 0),
                "\"Memory\": {\"ai_memory\": [[{\"node\": \"Agent\", \"type\": \"ai_memory\", \"index\": 0},"
                        + " {\"node\": \"Chat\", \"type\": \"ai_memory\", \"index\": 0}]]}",
                sub("Calculator", "ai_tool", "Agent", 0));
        try (WorkflowRunner runner = Flows.bind(json)) {
            StringBuilder streamed = new StringBuilder();
            List<AgentResponse> responses = new ArrayList<>();
            RunListener listener = new RunListener() {
                @Override
                public StreamListener stream(NodeSpec node) {
                    return new StreamListener() {
                        @Override
                        public void onContent(String delta) {
                            streamed.append(delta);
                        }
                    };
                }

                @Override
                public void agentFinished(NodeSpec node, AgentResponse response) {
                    responses.add(response);
                }
            };
            RunResult result = runner.run(RunRequest.chat("What is 6 * 7?", "s1"), listener);
            assertThat(result.items().get(0).json().path("output").asText()).isEqualTo("The result is 42.");
            assertThat(streamed.toString()).isEqualTo("The result is 42.");
            assertThat(responses).hasSize(1);
            assertThat(responses.get(0).state().toolCalls()).isEqualTo(1);
            assertThat(runner.memoryOf("Chat")).isPresent();
            assertThat(runner.memoryOf("Chat").get().retrieve("s1", 10)).hasSize(4);
            assertThat(runner.memoryOf("Agent")).isPresent();
            assertThat(runner.memoryOf("Model")).isEmpty();
            assertThat(runner.memories()).hasSize(1);
        }
    }
}
