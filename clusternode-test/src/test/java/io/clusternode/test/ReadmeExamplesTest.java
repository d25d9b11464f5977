package io.clusternode.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.executor.ClusterNodeConfig;
import io.clusternode.core.executor.ClusterNodeExecutor;
import io.clusternode.core.executor.ContextKey;
import io.clusternode.core.executor.ExecutionContext;
import io.clusternode.core.executor.TaskResult;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.metrics.MetricsCollector;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.registry.NodeRegistry;
import io.clusternode.core.testing.DocExamples;
import io.clusternode.core.tool.CalculatorTool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's library examples honest: each example below runs, and the README shows exactly its text
 * in the {@code java} block after the line {@code <!-- tested: NAME -->}, so neither can change alone.
 */
class ReadmeExamplesTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path THIS_SOURCE = Path.of("src", "test", "java", "io", "clusternode", "test",
            "ReadmeExamplesTest.java");

    @Test
    void anAgentAnswersDirectly() {
        String printed = capture(() -> {
            // BEGIN agent
            AiAgent agent = AiAgent.builder()
                    .model(new SimulatedLlmProvider())   // offline; see "Real models" for DeepSeek/OpenAI
                    .memory(WindowMemory.builder().build())
                    .tool(new CalculatorTool())
                    .systemPrompt("You are a helpful assistant.")
                    .build();

            AgentResponse response = agent.execute(List.of(Message.user("What is 12 * 7?")),
                    AgentConfig.defaults().withSessionId("alice"));
            System.out.println(response.content());   // The result is 84.
            // END agent
            assertThat(agent.memory().retrieve("alice", 10)).hasSize(4);
        });
        assertThat(printed).isEqualTo("The result is 84." + System.lineSeparator());
    }

    @Test
    void theExecutorRunsRegisteredProvidersWithMetrics() {
        String printed = capture(() -> {
            // BEGIN executor
            var registry = new SimpleMeterRegistry();   // or your application's Prometheus registry
            try (var executor = new ClusterNodeExecutor(new NodeRegistry(), new MetricsCollector(registry))) {
                executor.register("assistant", AiAgent.builder()
                        .model(new SimulatedLlmProvider())
                        .memory(WindowMemory.builder().build())
                        .tool(new CalculatorTool())
                        .build(), ClusterNodeConfig.defaults());
                executor.warmUp(100);   // optional: loads and warms the code paths before real traffic

                ExecutionContext context = executor.newContext(List.of(Message.user("What is 12 * 7?")))
                        .put(ContextKey.SESSION_ID, "alice");
                TaskResult result = executor.execute("assistant", context);
                System.out.println(result.content());   // The result is 84.
                System.out.println(registry.get("clusternode.tasks").timer().count());   // 1
            }
            // END executor
        });
        assertThat(printed).isEqualTo("The result is 84." + System.lineSeparator() + "1" + System.lineSeparator());
    }

    @Test
    void agentsAreTestedOfflineWithAScriptedModel() {
        // BEGIN testing
        ScriptedLlmProvider model = ScriptedLlmProvider.builder()
                .callTool("calculator", "{\"expression\":\"12 * 7\"}")   // 1st call: the model asks for a tool
                .reply("It is 84.")                                     // 2nd call: its final answer
                .build();
        AiAgent agent = AiAgent.builder().model(model).tool(new CalculatorTool()).build();

        AgentResponse response = agent.execute(List.of(Message.user("What is 12 * 7?")), AgentConfig.defaults());

        assertThat(response.content()).isEqualTo("It is 84.");
        assertThat(model.lastRequest().messages().get(2).content()).isEqualTo("84");   // the tool's result
        // END testing
    }

    @Test
    void theReadmeShowsExactlyTheTestedExamples() throws IOException {
        DocExamples.assertPageShowsRegions(THIS_SOURCE, README, 3);
    }

    private static String capture(Runnable example) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            example.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
