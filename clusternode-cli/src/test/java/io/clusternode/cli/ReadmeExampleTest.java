package io.clusternode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.executor.ClusterNodeConfig;
import io.clusternode.core.executor.ClusterNodeExecutor;
import io.clusternode.core.executor.ContextKey;
import io.clusternode.core.executor.ExecutionContext;
import io.clusternode.core.executor.TaskResult;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.Message;
import io.clusternode.core.tool.CalculatorTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's library example honest: the example below is run, and the README must show exactly
 * its text, so neither can change without the other.
 */
class ReadmeExampleTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path THIS_SOURCE = Path.of("src", "test", "java", "io", "clusternode", "cli",
            "ReadmeExampleTest.java");

    @Test
    void theLibraryExampleRunsAndAnswers() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        // The README declares memory with var inside the example; here it lives outside the block so the
        // assertions below can look into it.
        WindowMemory memory;
        try {
            // README-BEGIN
            memory = WindowMemory.builder().build();
            AiAgent agent = AiAgent.builder()
                    .model(new SimulatedLlmProvider())   // offline; see "Real models" for DeepSeek/OpenAI
                    .memory(memory)
                    .tool(new CalculatorTool())
                    .build();

            try (ClusterNodeExecutor executor = new ClusterNodeExecutor()) {
                executor.register("assistant", agent, ClusterNodeConfig.defaults());
                ExecutionContext context = executor.newContext(List.of(Message.user("What is 12 * 7?")))
                        .put(ContextKey.SESSION_ID, "alice");
                TaskResult result = executor.execute("assistant", context);
                System.out.println(result.content());   // The result is 84.
            }
            // README-END
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("The result is 84." + System.lineSeparator());
        // question, tool call, tool result, answer: the whole turn was stored in alice's session
        assertThat(memory.retrieve("alice", 10)).hasSize(4);
    }

    @Test
    void theReadmeShowsExactlyTheTestedExample() throws IOException {
        String source = Files.readString(THIS_SOURCE, StandardCharsets.UTF_8);
        Matcher region = Pattern.compile("// README-BEGIN\\R(.*?)\\R\\s*// README-END", Pattern.DOTALL).matcher(source);
        assertThat(region.find()).as("README markers in " + THIS_SOURCE).isTrue();
        String tested = region.group(1).stripIndent().replace("memory = ", "var memory = ").strip();

        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("```java\\R(.*?)\\R```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("a java code block in README.md").isTrue();

        assertThat(block.group(1).strip()).isEqualTo(tested);
    }
}
