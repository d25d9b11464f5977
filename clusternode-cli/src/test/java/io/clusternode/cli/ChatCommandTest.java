package io.clusternode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.registry.Providers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatCommandTest {

    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner(home, Map.of());
    }

    @Test
    void oneShotAnswersWithTheCalculatorOnEmbeddedDefaults() {
        CliRunner.Result result = cli().run("chat", "-m", "What is 12 * 7?");

        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("The result is 84." + System.lineSeparator());
        assertThat(result.err()).contains("simulated offline model").contains("--model deepseek:deepseek-chat")
                .contains("DEEPSEEK_API_KEY").contains("OPENAI_BASE_URL");
        assertThat(result.err()).doesNotContain("[tool]");
    }

    @Test
    void verboseShowsToolCallsTimingsAndUsage() {
        CliRunner.Result result = cli().run("chat", "--verbose", "-m", "What is 12 * 7?");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("The result is 84.");
        assertThat(result.err())
                .contains("[tool] calculator {\"expression\":\"12 * 7\"} -> 84")
                .containsPattern("\\[step] model_call +simulated +\\d+\\.\\d{3} ms")
                .containsPattern("\\[step] tool_call +calculator +\\d+\\.\\d{3} ms")
                .containsPattern("\\[usage] prompt \\d+, completion \\d+, total \\d+ tokens; iterations 2,"
                        + " model calls 2, tool calls 1");
    }

    @Test
    void aRealMessageWithoutArithmeticGetsAPlainReply() {
        CliRunner.Result result = cli().run("chat", "-m", "hello there", "--system", "Be brief.");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("Simulated reply to \"hello there\" (I received 0 earlier");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithAHint() {
        CliRunner.Result result = cli().run("chat", "--no-such-option");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("Unknown option: '--no-such-option'")
                .contains("Try 'clusternode chat --help'");
    }

    @Test
    void aBadOptionValueIsAUsageError() {
        assertThat(cli().run("chat", "--max-iterations", "many", "-m", "x").code()).isEqualTo(2);
        CliRunner.Result zero = cli().run("chat", "--max-iterations", "0", "-m", "x");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--max-iterations must be at least 1");
    }

    @Test
    void anUnknownModelProviderFailsWithOneReadableLine() {
        CliRunner.Result result = cli().run("chat", "--model", "nope:some-model", "-m", "hi");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines().toList()).hasSize(1);
        assertThat(result.err()).startsWith("error: UNKNOWN_NODE: unknown model provider 'nope'")
                .contains("known providers: simulated");
    }

    @Test
    void verboseAddsTheStackTraceToAFailure() {
        CliRunner.Result result = cli().run("chat", "--verbose", "--model", "nope", "-m", "hi");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: UNKNOWN_NODE: ")
                .contains("at io.clusternode.core.registry.Providers.model(");
    }

    @Test
    void anUnknownMemoryFailsWithOneReadableLine() {
        CliRunner.Result result = cli().run("chat", "--memory", "floppy:disk", "-m", "hi");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err().lines().toList()).hasSize(1);
        assertThat(result.err()).startsWith("error: UNKNOWN_NODE: unknown memory 'floppy:disk'");
    }

    @Test
    void reasoningStreamsToStderrAndOnlyTheAnswerToStdout() {
        CliRunner.Result result = cli().run("chat", "--model", "reasoning-test", "-m", "What is 6 * 7?");

        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("Forty-two." + System.lineSeparator());
        assertThat(result.err()).contains("[reasoning] Let me think. Six times seven." + System.lineSeparator());
    }

    @Test
    void anUnexpectedFailureIsOneLineWithoutVerbose() {
        CliRunner.Result result = cli().run("chat", "--memory", SharedTestMemoryFactory.BROKEN, "-m", "hi");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err().lines().filter(l -> l.startsWith("error:")).toList()).hasSize(1);
        assertThat(result.err()).contains("error: INTERNAL: unexpected java.lang.IllegalStateException: disk on fire")
                .contains("--verbose shows the stack trace").doesNotContain("\tat ");
    }

    @Test
    void aBadSettingIsOneReadableLine() {
        CliRunner.Result result = new CliRunner(home, Map.of("SIMULATED_LATENCY_MS", "soon")).run("chat", "-m", "hi");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err().lines().toList()).hasSize(1);
        assertThat(result.err()).startsWith("error: INVALID_INPUT: SIMULATED_LATENCY_MS must be a whole number");
    }

    @Test
    void interactiveModeAnswersEachLineAndKeepsTheConversation() {
        String input = String.join("\n", "What is 2+2?", "", "hello", "/help", "/clear", "hello again", "/exit",
                "never read") + "\n";
        CliRunner.Result result = cli().runWithInput(input, "chat");

        assertThat(result.code()).isZero();
        List<String> answers = result.out().lines().toList();
        assertThat(answers).containsExactly(
                "The result is 4.",
                // the first turn stored 4 messages: question, tool call, tool result, answer
                "Simulated reply to \"hello\" (I received 4 earlier conversation messages).",
                "Simulated reply to \"hello again\" (I received 0 earlier conversation messages).");
        assertThat(result.err()).contains("/exit").contains("session 'default' cleared");
        assertThat(result.out() + result.err()).doesNotContain("never read");
    }

    @Test
    void interactiveModeEndsAtEndOfInputAndReportsUnknownChatCommands() {
        CliRunner.Result result = cli().runWithInput("/bogus\nWhat is 3 * 3?\n", "chat");

        assertThat(result.code()).isZero();
        assertThat(result.out().lines().toList()).containsExactly("The result is 9.");
        assertThat(result.err()).contains("unknown chat command '/bogus'");
    }

    @Test
    void versionComesFromTheProjectVersion() {
        CliRunner.Result result = cli().run("--version");

        assertThat(result.code()).isZero();
        assertThat(result.out()).containsPattern("^clusternode \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R")
                .contains("JVM: ");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : List.of(new String[] {}, new String[] {"chat"}, new String[] {"sessions"},
                new String[] {"sessions", "list"}, new String[] {"sessions", "show"},
                new String[] {"sessions", "clear"})) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            CliRunner.Result result = cli().run(args);
            assertThat(result.code()).as(String.join(" ", args)).isZero();
            assertThat(result.out()).as(String.join(" ", args)).startsWith("Usage: clusternode");
        }
        assertThat(cli().run("help", "chat").out()).contains("--max-iterations");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRunner.Result result = cli().run();

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("a command is required: chat, sessions");
    }

    @Test
    void theConfigFileSuppliesDefaultsTheEnvironmentAndFlagsOverride() throws IOException {
        Path config = home.resolve("team.properties");
        Files.writeString(config, "CLUSTERNODE_MODEL = fromfile:x\n");

        CliRunner.Result fromFile = cli().run("chat", "--config", config.toString(), "-m", "hi");
        assertThat(fromFile.code()).isEqualTo(1);
        assertThat(fromFile.err()).startsWith("error: UNKNOWN_NODE: unknown model provider 'fromfile'");

        CliRunner withEnv = new CliRunner(home, Map.of("CLUSTERNODE_MODEL", "fromenv"));
        assertThat(withEnv.run("chat", "--config", config.toString(), "-m", "hi").err())
                .startsWith("error: UNKNOWN_NODE: unknown model provider 'fromenv'");

        CliRunner.Result fromFlag = withEnv.run("chat", "--config", config.toString(), "--model", "simulated",
                "-m", "What is 1+1?");
        assertThat(fromFlag.code()).isZero();
        assertThat(fromFlag.out()).contains("The result is 2.");
    }

    @Test
    void anEmptyEnvironmentVariableDoesNotHideTheFileValue() throws IOException {
        Path config = home.resolve("c.properties");
        Files.writeString(config, "CLUSTERNODE_MODEL=fromfile\n");

        CliRunner.Result result = new CliRunner(home, Map.of("CLUSTERNODE_MODEL", ""))
                .run("chat", "--config", config.toString(), "-m", "hi");

        assertThat(result.err()).startsWith("error: UNKNOWN_NODE: unknown model provider 'fromfile'");
    }

    @Test
    void theDefaultConfigFileIsReadFromTheHomeDirectory() throws IOException {
        Files.createDirectories(home.resolve(".clusternode"));
        Files.writeString(home.resolve(".clusternode/config.properties"), "CLUSTERNODE_MEMORY=nowhere:at-all\n");

        CliRunner.Result result = cli().run("chat", "-m", "hi");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: UNKNOWN_NODE: unknown memory 'nowhere:at-all'");
    }

    @Test
    void aMissingConfigFileIsAUsageError() {
        CliRunner.Result result = cli().run("chat", "--config", home.resolve("absent.properties").toString(),
                "-m", "hi");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("configuration file '").contains("absent.properties' does not exist")
                .contains("Try 'clusternode chat --help'");
    }

    @Test
    void secretsFromTheConfigFileAreNeverPrinted() throws IOException {
        Path config = home.resolve("secret.properties");
        Files.writeString(config, "DEEPSEEK_API_KEY=sk-test-very-secret-value\nCLUSTERNODE_MODEL=nope\n");

        CliRunner.Result failing = cli().run("chat", "--verbose", "--config", config.toString(), "-m", "hi");
        CliRunner.Result working = cli().run("chat", "--verbose", "--config", config.toString(),
                "--model", "simulated", "-m", "What is 5 - 2?");

        assertThat(failing.code()).isEqualTo(1);
        assertThat(working.code()).isZero();
        for (CliRunner.Result result : List.of(failing, working)) {
            assertThat(result.out() + result.err()).doesNotContain("sk-test-very-secret-value");
        }
    }
}
