package io.clusternode.workflow;

import static io.clusternode.workflow.testing.Flows.main;
import static io.clusternode.workflow.testing.Flows.node;
import static io.clusternode.workflow.testing.Flows.sub;
import static io.clusternode.workflow.testing.Flows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.testing.Flows;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class EngineTest {

    private static ObjectNode json(String text) {
        return (ObjectNode) Json.parse(text, "test");
    }

    private static String set(String name, String assignments, boolean includeOthers, int x, int y) {
        return node(name, "set", 3.4, "{\"includeOtherFields\": " + includeOthers + ", \"assignments\": {\"assignments\": "
                + assignments + "}}", x, y);
    }

    private static String assign(String name, String type, String value) {
        return "{\"name\": \"" + name + "\", \"type\": \"" + type + "\", \"value\": " + Json.write(value) + "}";
    }

    private static final String IF_BIG = node("Big?", "if", 2.2, """
            {"conditions": {"options": {"version": 2, "caseSensitive": true, "typeValidation": "strict"},
              "combinator": "and",
              "conditions": [{"leftValue": "={{ $json.n }}", "rightValue": 10,
                              "operator": {"type": "number", "operation": "gt"}}]}}""");

    @Test
    void ifRoutesItemsAndTheFirstBranchRunsFirst() {
        List<String> order = new ArrayList<>();
        String json = workflow(new String[] {node("Start", "manualTrigger", 1, "{}"), IF_BIG,
                        set("Yes", "[" + assign("label", "string", "=big {{ $json.n }}") + "]", false, 400, 0),
                        set("No", "[" + assign("label", "string", "=small {{ $json.n }}") + "]", false, 400, 200)},
                main("Start", "Big?"), main("Big?", "Yes", "No"));
        try (WorkflowRunner runner = Flows.bind(json)) {
            RunResult big = runner.run(RunRequest.of(json("{\"n\": 12}")), new RunListener() {
                @Override
                public void nodeStarted(NodeSpec node) {
                    order.add(node.name());
                }
            });
            assertThat(order).containsExactly("Start", "Big?", "Yes");
            assertThat(big.items().get(0).json()).isEqualTo(json("{\"label\": \"big 12\"}"));
            RunResult small = runner.run(RunRequest.of(json("{\"n\": 3}")));
            assertThat(small.lastNode()).isEqualTo("No");
            assertThat(small.nodeOutputs()).doesNotContainKey("Yes");
        }
    }

    @Test
    void siblingBranchesRunDepthFirstTopToBottom() {
        List<String> order = new ArrayList<>();
        String json = workflow(new String[] {node("Start", "manualTrigger", 1, "{}"),
                        node("Low", "noOp", 1, "{}", 200, 300), node("High", "noOp", 1, "{}", 200, -100),
                        node("After high", "noOp", 1, "{}", 400, -100)},
                main("Start", "Low|High"), main("High", "After high"));
        try (WorkflowRunner runner = Flows.bind(json)) {
            RunResult result = runner.run(RunRequest.of(null), new RunListener() {
                @Override
                public void nodeStarted(NodeSpec node) {
                    order.add(node.name());
                }
            });
            assertThat(order).containsExactly("Start", "High", "After high", "Low");
            assertThat(result.lastNode()).isEqualTo("Low");
        }
    }

    @Test
    void setConvertsTypesKeepsOtherFieldsAndReadsEarlierNodes() {
        String json = workflow(new String[] {node("Hook", "webhook", 2, "{}"),
                        set("Fields", "[" + assign("count", "number", "={{ $json.body.count }}") + ", "
                                + assign("flag", "boolean", "true") + ", "
                                + assign("user.name", "string", "={{ $json.body.who }}") + ", "
                                + assign("tags", "array", "[\"a\",\"b\"]") + "]", false, 200, 0),
                        set("Keep", "[" + assign("from", "string", "={{ $('Hook').item.json.body.who }} via "
                                + "{{ $input.first().json.user.name }}") + "]", true, 400, 0)},
                main("Hook", "Fields"), main("Fields", "Keep"));
        try (WorkflowRunner runner = Flows.bind(json)) {
            RunResult result = runner.run(RunRequest.of(json("{\"body\": {\"count\": \"10\", \"who\": \"Ann\"}}")));
            assertThat(result.items().get(0).json()).isEqualTo(json(
                    "{\"count\": 10, \"flag\": true, \"user\": {\"name\": \"Ann\"}, \"tags\": [\"a\",\"b\"], \"from\": \"Ann via Ann\"}"));
            assertThat(result.toJson().get(0).path("pairedItem").path("item").asInt()).isZero();
            assertThatThrownBy(() -> runner.run(RunRequest.of(json("{\"body\": {\"count\": \"ten\"}}"))))
                    .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.getMessage()).contains("node 'Fields'").contains("'count' expects a number");
                    });
        }
    }

    @Test
    void ifOperatorsAndCombinators() {
        String conditions = """
                {"conditions": {"options": {"caseSensitive": false, "typeValidation": "loose"}, "combinator": "or",
                  "conditions": [
                    {"leftValue": "={{ $json.text }}", "rightValue": "HELLO", "operator": {"type": "string", "operation": "startsWith"}},
                    {"leftValue": "={{ $json.when }}", "rightValue": "2024-01-01T00:00:00Z", "operator": {"type": "dateTime", "operation": "after"}},
                    {"leftValue": "={{ $json.missing }}", "operator": {"type": "string", "operation": "exists", "singleValue": true}}
                  ]}}""";
        String json = workflow(new String[] {node("Start", "manualTrigger", 1, "{}"), node("If", "if", 2.2, conditions),
                node("T", "noOp", 1, "{}"), node("F", "noOp", 1, "{}")}, main("Start", "If"), main("If", "T", "F"));
        try (WorkflowRunner runner = Flows.bind(json)) {
            assertThat(runner.run(RunRequest.of(json("{\"text\": \"hello world\"}"))).lastNode()).isEqualTo("T");
            assertThat(runner.run(RunRequest.of(json("{\"text\": \"bye\", \"when\": \"2025-03-01T10:00:00Z\"}"))).lastNode())
                    .isEqualTo("T");
            assertThat(runner.run(RunRequest.of(json("{\"text\": \"bye\", \"when\": \"2023-03-01T10:00:00Z\"}"))).lastNode())
                    .isEqualTo("F");
        }
    }

    @Test
    void aBranchWithoutItemsStopsAndTheResultIsTheLastNodeThatRan() {
        String json = workflow(new String[] {node("Start", "manualTrigger", 1, "{}"), IF_BIG,
                node("Only true", "noOp", 1, "{}")}, main("Start", "Big?"), main("Big?", "Only true"));
        try (WorkflowRunner runner = Flows.bind(json)) {
            RunResult result = runner.run(RunRequest.of(json("{\"n\": 1}")));
            assertThat(result.lastNode()).isEqualTo("Big?");
            assertThat(result.items()).extracting(i -> i.json().path("n").asInt()).containsExactly(1);
        }
    }

    private static final String CHAT_AGENT = chatAgent("{}");

    private static String chatAgent(String memoryParameters) {
        return workflow(new String[] {node("Chat", "chatTrigger", 1.1, "{}"),
                        node("Agent", "agent", 1.8, "{}"), node("Model", "clusternode.lmChatSimulated", 1, "{}"),
                        node("Memory", "memoryBufferWindow", 1.3, memoryParameters), node("Calc", "toolCalculator", 1, "{}")},
                main("Chat", "Agent"), sub("Model", "ai_languageModel", "Agent", 0), sub("Memory", "ai_memory", "Agent", 0),
                sub("Calc", "ai_tool", "Agent", 0));
    }

    @Test
    void chatTriggerAgentWithMemoryAndCalculator() {
        try (WorkflowRunner runner = Flows.bind(CHAT_AGENT)) {
            assertThat(runner.chatTriggered()).isTrue();
            RunResult first = runner.run(RunRequest.chat("What is 12 * 7?", "alice"));
            assertThat(first.items().get(0).json().path("output").asText()).isEqualTo("The result is 84.");
            RunResult second = runner.run(RunRequest.chat("hello", "alice"));
            // the simulated model counts earlier messages: user, tool call, tool result, answer of turn one
            assertThat(second.items().get(0).json().path("output").asText()).contains("I received 4 earlier");
            RunResult other = runner.run(RunRequest.chat("hello", "bob"));
            assertThat(other.items().get(0).json().path("output").asText()).contains("I received 0 earlier");
        }
    }

    @Test
    void oneLoadedWorkflowServesConcurrentRunsOnVirtualThreads() throws Exception {
        try (WorkflowRunner runner = Flows.bind(chatAgent("{\"contextWindowLength\": 50}"));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                answers.add(pool.submit(() -> runner.run(RunRequest.chat("What is " + n + " * 2?", "s" + (n % 20)))
                        .items().get(0).json().path("output").asText()));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get()).isEqualTo("The result is " + (i * 2) + ".");
            }
            // every session holds its ten turns, whole: 10 x (user, tool call, tool result, answer)
            RunResult after = runner.run(RunRequest.chat("hello", "s7"));
            assertThat(after.items().get(0).json().path("output").asText()).contains("I received 40 earlier");
        }
    }

    @Test
    void noChatTriggerForAMessage() {
        String json = workflow(new String[] {node("Start", "manualTrigger", 1, "{}")});
        try (WorkflowRunner runner = Flows.bind(json)) {
            assertThatThrownBy(() -> runner.run(RunRequest.chat("hi", null))).hasMessageContaining("no chat trigger");
        }
    }

    @Test
    void agentV3NamesToolsAfterTheirNodesAndReportsSteps() {
        String json = workflow(new String[] {node("Chat", "chatTrigger", 1.4, "{}"),
                        node("Agent", "agent", 3.1, "{\"options\": {\"returnIntermediateSteps\": true}}"),
                        node("Model", "clusternode.lmChatSimulated", 1, "{}"), node("My Calc!", "toolCalculator", 1, "{}")},
                main("Chat", "Agent"), sub("Model", "ai_languageModel", "Agent", 0), sub("My Calc!", "ai_tool", "Agent", 0));
        List<String> steps = new ArrayList<>();
        try (WorkflowRunner runner = Flows.bind(json)) {
            RunResult result = runner.run(RunRequest.chat("What is 2 + 2?", "x"), new RunListener() {
                @Override
                public void step(NodeSpec node, String description, long nanos) {
                    steps.add(description);
                }
            });
            // the simulated model only calls a tool named "calculator"; under v3 it is offered as "My_Calc_"
            assertThat(result.items().get(0).json().path("output").asText()).startsWith("Simulated reply");
            assertThat(result.items().get(0).json().has("intermediateSteps")).isFalse();
            assertThat(steps).anyMatch(s -> s.startsWith("model call"));
        }
    }

    @Test
    void autoPromptWithoutChatInputIsAClearError() {
        String json = workflow(new String[] {node("Start", "manualTrigger", 1, "{}"), node("Agent", "agent", 2.2, "{}"),
                node("Model", "clusternode.lmChatSimulated", 1, "{}")}, main("Start", "Agent"),
                sub("Model", "ai_languageModel", "Agent", 0));
        try (WorkflowRunner runner = Flows.bind(json)) {
            assertThatThrownBy(() -> runner.run(RunRequest.of(null))).hasMessageContaining("node 'Agent': no prompt specified");
            assertThat(runner.run(RunRequest.of(json("{\"chatInput\": \"hey\"}"))).items().get(0).json().path("output")
                    .asText()).contains("hey");
        }
    }
}
