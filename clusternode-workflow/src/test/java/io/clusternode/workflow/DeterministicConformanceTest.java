package io.clusternode.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.Settings;
import io.clusternode.workflow.credentials.Credentials;
import io.clusternode.workflow.testing.FakeOpenAi;
import io.clusternode.workflow.testing.SharedFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * n8n's own Agent V3 integration fixtures ({@code ../shared/n8n/deterministic}), run against a fake
 * OpenAI-compatible server replaying the responses n8n's test scripts, with the {@code AI Agent} output items
 * compared as n8n's test compares them. Skipped when the shared folder is absent.
 */
class DeterministicConformanceTest {

    private static WorkflowRunner bind(Path file, FakeOpenAi server) {
        Credentials credentials = Credentials.parse("{\"openAiApi\": {\"apiKey\": \"test-api-key\", \"url\": \""
                + server.baseUrl() + "\"}}", false, "test");
        return Workflow.load(file).bind(credentials, WorkflowRunner.Options.defaults().withSettings(Settings.empty())
                .withJavaScript(() -> {
                    throw new AssertionError("these fixtures need no JavaScript");
                }));
    }

    private static Path fixture(String name) throws Exception {
        Path dir = SharedFixtures.deterministic();
        assumeTrue(dir != null, "../shared/n8n is not present");
        String expected = Files.readString(dir.resolve("EXPECTED.md"));
        assertThat(expected).as("EXPECTED.md lists " + name).contains("`" + name + "`");
        return dir.resolve(name);
    }

    private static List<JsonNode> agentJson(RunResult result) {
        return result.nodeOutputs().get("AI Agent").stream().map(i -> (JsonNode) i.json()).toList();
    }

    @Test
    void withTool() throws Exception {
        Path file = fixture("agent-v3-with-tool.json");
        try (FakeOpenAi server = new FakeOpenAi()) {
            server.reply(FakeOpenAi.toolCall("call_1", "Calculator", "{\"input\":\"5*5\"}"))
                    .reply(FakeOpenAi.completion("5 times 5 equals 25."));
            try (WorkflowRunner runner = bind(file, server)) {
                RunResult result = runner.run(RunRequest.of(null));
                assertThat(agentJson(result)).containsExactly(Json.parse("{\"output\":\"5 times 5 equals 25.\"}", "x"));
                assertThat(result.lastNode()).isEqualTo("AI Agent");
            }
            JsonNode first = server.requests().get(0);
            assertThat(first.path("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(first.path("tools").get(0).path("function").path("name").asText()).isEqualTo("Calculator");
            JsonNode second = server.requests().get(1);
            JsonNode toolMessage = second.path("messages").get(second.path("messages").size() - 1);
            assertThat(toolMessage.path("role").asText()).isEqualTo("tool");
            assertThat(toolMessage.path("content").asText()).isEqualTo("25");
        }
    }

    @Test
    void intermediateSteps() throws Exception {
        Path file = fixture("agent-v3-intermediate-steps.json");
        try (FakeOpenAi server = new FakeOpenAi()) {
            server.reply(FakeOpenAi.toolCall("call_1", "Calculator", "{\"input\":\"5*5\"}"))
                    .reply(FakeOpenAi.completion("5 times 5 equals 25."));
            try (WorkflowRunner runner = bind(file, server)) {
                List<JsonNode> items = agentJson(runner.run(RunRequest.of(null)));
                assertThat(items).hasSize(1);
                JsonNode json = items.get(0);
                assertThat(json.path("output").asText()).isEqualTo("5 times 5 equals 25.");
                JsonNode step = json.path("intermediateSteps").get(0);
                assertThat(step.path("action").path("tool").asText()).isEqualTo("Calculator");
                assertThat(step.path("action").path("toolCallId").asText()).isEqualTo("call_1");
                assertThat(step.path("action").path("toolInput")).isEqualTo(Json.parse("{\"input\":\"5*5\"}", "x"));
                assertThat(step.path("observation").isTextual()).isTrue();
                assertThat(step.path("observation").asText()).isEqualTo("25");
            }
        }
    }

    @Test
    void memory() throws Exception {
        Path file = fixture("agent-v3-memory.json");
        try (FakeOpenAi server = new FakeOpenAi()) {
            server.reply(FakeOpenAi.completion("I remember everything!"))
                    .reply(FakeOpenAi.completion("Second answer"));
            try (WorkflowRunner runner = bind(file, server)) {
                assertThat(agentJson(runner.run(RunRequest.of(null))))
                        .containsExactly(Json.parse("{\"output\":\"I remember everything!\"}", "x"));
                // the session is the node's custom key "test-session": a second run sees the first turn
                runner.run(RunRequest.of(null));
            }
            JsonNode second = server.requests().get(1).path("messages");
            assertThat(second.toString()).contains("I remember everything!");
            assertThat(second.size()).isEqualTo(4); // system, first user, first answer, second user
        }
    }

    @Test
    void fallbackModel() throws Exception {
        Path file = fixture("agent-v3-fallback-model.json");
        try (FakeOpenAi server = new FakeOpenAi()) {
            server.reply(new FakeOpenAi.Reply(400,
                            "{\"error\":{\"message\":\"Bad request\",\"type\":\"invalid_request_error\",\"code\":null}}"))
                    .reply(FakeOpenAi.completion("Hello from fallback!"));
            try (WorkflowRunner runner = bind(file, server)) {
                assertThat(agentJson(runner.run(RunRequest.of(null))))
                        .containsExactly(Json.parse("{\"output\":\"Hello from fallback!\"}", "x"));
            }
            assertThat(server.requests()).extracting(r -> r.path("model").asText()).containsExactly("gpt-4o", "gpt-4o-mini");
        }
    }

    @Test
    void pinDataIsNeverTheResult() throws Exception {
        Path file = fixture("agent-v3-with-tool.json");
        try (FakeOpenAi server = new FakeOpenAi()) {
            server.reply(FakeOpenAi.completion("not the pinned answer"));
            try (WorkflowRunner runner = bind(file, server)) {
                assertThat(agentJson(runner.run(RunRequest.of(null))).get(0).path("output").asText())
                        .isEqualTo("not the pinned answer");
            }
        }
    }
}
