package io.clusternode.workflow;

import static io.clusternode.workflow.testing.Flows.main;
import static io.clusternode.workflow.testing.Flows.node;
import static io.clusternode.workflow.testing.Flows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.Settings;
import io.clusternode.workflow.credentials.Credentials;
import io.clusternode.workflow.expression.GraalJavaScript;
import io.clusternode.workflow.expression.JavaScript;
import io.clusternode.workflow.testing.EchoModel;
import io.clusternode.workflow.testing.FakeOpenAi;
import io.clusternode.workflow.testing.SharedFixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Everything that runs JavaScript in the GraalJS sandbox: {{ }} blocks, Code nodes and Code tools. */
class JavaScriptNodesTest {

    private static final JavaScript JS = new GraalJavaScript();

    private static ObjectNode json(String text) {
        return (ObjectNode) Json.parse(text, "test");
    }

    private static WorkflowRunner bind(String json) {
        return Workflow.parse(json, "js.json").bind(Credentials.none(),
                WorkflowRunner.Options.defaults().withSettings(Settings.empty()).withJavaScript(() -> JS));
    }

    @Test
    void theSharedEngineIsFoundOnTheClassPath() {
        assertThat(JavaScript.shared()).isInstanceOf(GraalJavaScript.class);
    }

    @Test
    void javaScriptBlocksSeeN8nVariables() {
        String set = node("Set", "set", 3.4, """
                {"assignments": {"assignments": [
                  {"name": "shout", "type": "string", "value": "={{ $json.body.text.toUpperCase() + '!' }}"},
                  {"name": "fallback", "type": "string", "value": "={{  $json?.body?.missing || $json?.chatInput || $json.body?.text }}"},
                  {"name": "first", "type": "number", "value": "={{ parseInt($('Hook').first().json.body.n) * 2 }}"},
                  {"name": "count", "type": "number", "value": "={{ $input.all().length }}"},
                  {"name": "list", "type": "array", "value": "={{ [1, 2].map(x => x * 10) }}"}
                ]}}""");
        try (WorkflowRunner runner = bind(workflow(new String[] {node("Hook", "webhook", 2, "{}"), set}, main("Hook", "Set")))) {
            RunResult result = runner.run(RunRequest.of(json("{\"body\": {\"text\": \"hi\", \"n\": \"21\"}}")));
            assertThat(result.items().get(0).json()).isEqualTo(json(
                    "{\"shout\": \"HI!\", \"fallback\": \"hi\", \"first\": 42, \"count\": 1, \"list\": [10, 20]}"));
        }
    }

    @Test
    void codeNodeForAllItemsAndForEachItem() {
        String all = node("All", "code", 2, """
                {"jsCode": "const out = [];\\nfor (const item of $input.all()) {\\n  out.push({json: {n: item.json.n + 1}});\\n}\\nout.push({plain: items.length});\\nreturn out;"}""");
        String each = node("Each", "code", 2, """
                {"mode": "runOnceForEachItem", "jsCode": "return {json: {double: ($json.n ?? $json.plain) * 2}};"}""");
        try (WorkflowRunner runner = bind(workflow(new String[] {node("Start", "manualTrigger", 1, "{}"), all, each},
                main("Start", "All"), main("All", "Each")))) {
            RunResult result = runner.run(RunRequest.of(json("{\"n\": 4}")));
            assertThat(result.nodeOutputs().get("All")).extracting(Item::json)
                    .containsExactly(json("{\"n\": 5}"), json("{\"plain\": 1}"));
            assertThat(result.items()).extracting(Item::json).containsExactly(json("{\"double\": 10}"), json("{\"double\": 2}"));
        }
    }

    @Test
    void codeMustReturnItemsAndErrorsAreExpressionErrors() {
        String bad = node("Bad", "code", 2, "{\"jsCode\": \"return 42;\"}");
        try (WorkflowRunner runner = bind(workflow(new String[] {node("Start", "manualTrigger", 1, "{}"), bad},
                main("Start", "Bad")))) {
            assertThatThrownBy(() -> runner.run(RunRequest.of(null))).isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.EXPRESSION_ERROR);
                assertThat(e.getMessage()).contains("node 'Bad'").contains("must return items");
            });
        }
        String hang = node("Hang", "code", 2, "{\"jsCode\": \"while (true) {}\"}");
        try (WorkflowRunner runner = bind(workflow(new String[] {node("Start", "manualTrigger", 1, "{}"), hang},
                main("Start", "Hang")))) {
            assertThatThrownBy(() -> runner.run(RunRequest.of(null))).isInstanceOfSatisfying(NodeExecutionException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.EXPRESSION_ERROR));
        }
    }

    @Test
    void codeToolTemplateRunsEndToEnd() throws Exception {
        Path dir = SharedFixtures.workflows();
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "../shared/n8n is not present");
        Path file = dir.resolve("code-tool-agent.json");
        try (FakeOpenAi server = new FakeOpenAi().respondWith(EchoModel.responder());
             WorkflowRunner runner = Workflow.load(file).bind(Credentials.parse("{\"openAiApi\": {\"apiKey\": \"k\", \"url\": \""
                     + server.baseUrl() + "\"}}", false, "c"), WorkflowRunner.Options.defaults().withSettings(Settings.empty()))) {
            // the manual trigger path: Debug Input (set) gives chatInput, the agent calls the Code tool
            RunResult manual = runner.run(RunRequest.of(null));
            String answer = manual.items().get(0).json().path("output").asText();
            assertThat(answer).startsWith("tool said: ");
            String color = answer.substring("tool said: ".length());
            assertThat(List.of("green", "yellow", "pink", "white", "black", "orange", "brown")).contains(color);
            JsonNode tool = server.requests().get(0).path("tools").get(0).path("function");
            assertThat(tool.path("name").asText()).isEqualTo("my_color_selector");
            // the chat trigger path
            RunResult chat = runner.run(RunRequest.chat("Pick a color but not red or blue", "c1"));
            assertThat(chat.lastNode()).isEqualTo("AI Agent");
            assertThat(chat.items().get(0).json().path("output").asText()).startsWith("tool said: ");
        }
    }
}
