package io.clusternode.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.json.Json;
import io.clusternode.workflow.credentials.Credentials;
import io.clusternode.workflow.testing.Flows;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example the README and docs/workflows.md run, so the documentation cannot drift from what works. */
class ExampleWorkflowsTest {

    private static final Path CALCULATOR_BOT = Path.of("..", "docs", "examples", "calculator-bot.json");

    @Test
    void calculatorBotAnswersThroughChatAndWebhook() {
        try (WorkflowRunner runner = Workflow.load(CALCULATOR_BOT).bind(Credentials.none(), Flows.noJavaScript())) {
            assertThat(runner.run(RunRequest.chat("What is 12 * 7?", "alice")).items().get(0).json().path("output")
                    .asText()).isEqualTo("The result is 84.");
            ObjectNode input = (ObjectNode) Json.parse("{\"body\":{\"message\":\"What is 6 * 7?\",\"sessionId\":\"s1\"}}", "x");
            RunResult hook = runner.run(RunRequest.of(input));
            assertThat(hook.nodeOutputs().keySet()).containsExactly("Webhook", "Normalize", "AI Agent");
            assertThat(hook.items().get(0).json().path("output").asText()).isEqualTo("The result is 42.");
            RunResult again = runner.run(RunRequest.chat("hello", "s1"));
            assertThat(again.items().get(0).json().path("output").asText()).contains("I received 4 earlier");
        }
    }
}
