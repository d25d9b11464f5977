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
        String input = """
                What is 2+2?

                hello
                /help
                /clear
                hello again
                /exit
                never read
                """;
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

    @Test
    void emptyValuesAreUsageErrorsNotDefaults() {
        CliRunner.Result message = cli().run("chat", "-m", "");
        assertThat(message.code()).isEqualTo(2);
        assertThat(message.err()).contains("-m/--message needs a message").contains("Try 'clusternode chat --help'");

        for (String option : List.of("--memory", "--model", "--session")) {
            CliRunner.Result result = cli().run("chat", option, " ", "-m", "hi");
            assertThat(result.code()).as(option).isEqualTo(2);
            assertThat(result.err()).as(option).contains(option + " needs ");
        }
        CliRunner.Result sessions = cli().run("sessions", "list", "--memory", "");
        assertThat(sessions.code()).isEqualTo(2);
        assertThat(sessions.err()).contains("--memory needs").contains("Try 'clusternode sessions list --help'");
    }

    @Test
    void everyCommandAnswersVersion() {
        for (String[] command : List.of(new String[] {"chat"}, new String[] {"sessions"},
                new String[] {"sessions", "list"}, new String[] {"sessions", "show"},
                new String[] {"sessions", "clear"})) {
            for (String flag : List.of("-V", "--version")) {
                String[] args = java.util.Arrays.copyOf(command, command.length + 1);
                args[command.length] = flag;
                CliRunner.Result result = cli().run(args);
                assertThat(result.code()).as(String.join(" ", args)).isZero();
                assertThat(result.out()).as(String.join(" ", args))
                        .containsPattern("^clusternode \\d+\\.\\d+\\.\\d+");
            }
        }
    }

    @Test
    void helpFitsTheTerminalAndKeepsEveryExampleWhole() {
        for (String[] command : List.of(new String[] {"chat"}, new String[] {"sessions"},
                new String[] {"sessions", "list"})) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            String help = cli().run(args).out();
            assertThat(help.lines()).as(String.join(" ", args)).allSatisfy(line -> assertThat(line.length())
                    .as(line).isLessThanOrEqualTo(80));
            List<String> examples = help.lines().dropWhile(line -> !line.equals("Examples:")).skip(1)
                    .takeWhile(line -> !line.isBlank()).toList();
            assertThat(examples).as(String.join(" ", args)).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).startsWith("  ").contains("clusternode ").doesNotEndWith("\\"));
        }
        assertThat(cli().run("chat", "--help").out())
                .contains("  clusternode chat --memory sqlite:chat.db --session alice" + System.lineSeparator())
                .containsPattern("(?m)postgresql://HOST/DB").containsPattern("(?m)redis://HOST:PORT");
        assertThat(cli().run("sessions", "list", "--help").out()).contains("postgresql://HOST/DB");
        assertThat(cli().run("--help").out()).contains("run ./clusternode bench");
    }

    @Test
    void aConfigPathThatIsNotAFileSaysWhatItIs() throws IOException {
        CliRunner.Result directory = cli().run("chat", "--config", home.toString(), "-m", "hi");
        assertThat(directory.code()).isEqualTo(2);
        assertThat(directory.err()).contains("is a directory").doesNotContain("does not exist");

        CliRunner.Result device = cli().run("chat", "--config", "/dev/null", "-m", "hi");
        assertThat(device.code()).isEqualTo(2);
        assertThat(device.err()).contains("'/dev/null' is not a regular file (a device, pipe or socket)");
    }

    @Test
    void aMalformedConfigFileNamesTheLineAndTheReasonButNotItsText() throws IOException {
        Path config = home.resolve("bad.properties");
        Files.writeString(config, "# team defaults\nCLUSTERNODE_MODEL=simulated\n\nsk-pasted-by-mistake-SECRET\n");
        CliRunner.Result pasted = cli().run("chat", "--config", config.toString(), "-m", "hi");
        assertThat(pasted.code()).isEqualTo(2);
        assertThat(pasted.err()).contains("bad.properties' line 4: expected NAME=VALUE")
                .doesNotContain("SECRET");

        Files.writeString(config, "CLUSTERNODE_MODEL=simulated\nCLUSTERNODE_MEMORY=window\nCLUSTERNODE_MODEL=x\n");
        assertThat(cli().run("chat", "--config", config.toString(), "-m", "hi").err())
                .contains("line 3: CLUSTERNODE_MODEL is already set on line 1");

        Files.writeString(config, "DEEPSEEK_API_KEY=sk-\\u12\n");
        assertThat(cli().run("chat", "--config", config.toString(), "-m", "hi").err())
                .contains("line 1: a backslash-u escape needs four hexadecimal digits").doesNotContain("sk-");

        // Continuation lines, comments and colons are what Java properties allow, and stay allowed.
        Files.writeString(config, "! comment\nCLUSTERNODE_SYSTEM_NOTE: a long \\\n   value\nCLUSTERNODE_MODEL = simulated\n");
        assertThat(cli().run("chat", "--config", config.toString(), "-m", "What is 1+1?").code()).isZero();
    }

    @Test
    void anOverlongPipedLineIsReportedAndTheConversationGoesOn() {
        CliRunner limited = new CliRunner(home, Map.of("CLUSTERNODE_MAX_MESSAGE_CHARS", "100"));
        CliRunner.Result result = limited.runWithInput("x".repeat(5000) + "\nWhat is 2+2?\n", "chat");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out().lines().toList()).containsExactly("The result is 4.");
        assertThat(result.err()).contains("error: LIMIT_EXCEEDED: a message is longer than 100 characters;"
                + " the limit is set by CLUSTERNODE_MAX_MESSAGE_CHARS").contains("1 of 2 messages failed")
                .doesNotContain("xxxxxxxx");

        CliRunner.Result oneShot = limited.run("chat", "-m", "y".repeat(101));
        assertThat(oneShot.code()).isEqualTo(1);
        assertThat(oneShot.err()).startsWith("error: LIMIT_EXCEEDED: ");

        CliRunner.Result invalid = new CliRunner(home, Map.of("CLUSTERNODE_MAX_MESSAGE_CHARS", "sk-oops"))
                .run("chat", "-m", "hi");
        assertThat(invalid.code()).isEqualTo(1);
        assertThat(invalid.err()).startsWith("error: INVALID_INPUT: CLUSTERNODE_MAX_MESSAGE_CHARS must be a whole"
                + " number").doesNotContain("sk-oops");
    }

    @Test
    void anAnswerCutOffByAFailureIsMarkedIncomplete() {
        CliRunner.Result oneShot = cli().run("chat", "--model", "reasoning-test", "-m", "break");

        assertThat(oneShot.code()).isEqualTo(1);
        assertThat(oneShot.out()).isEqualTo("Half an ans" + System.lineSeparator());
        assertThat(oneShot.err().lines().toList()).containsExactly(Conversation.INCOMPLETE,
                "error: MODEL_UNAVAILABLE: the connection dropped mid-answer");

        CliRunner.Result piped = cli().runWithInput("break\nWhat is 6 * 7?\n", "chat", "--model", "reasoning-test");
        assertThat(piped.code()).isEqualTo(1);
        assertThat(piped.out().lines().toList()).containsExactly("Half an ans", "Forty-two.");
        assertThat(piped.err()).contains(Conversation.INCOMPLETE).contains("1 of 2 messages failed");
    }

    @Test
    void pipedInputGetsNoPrompt() {
        CliRunner.Result result = cli().runWithInput("What is 2+2?\n", "chat");

        assertThat(result.code()).isZero();
        assertThat(result.err()).doesNotContain(TerminalChat.PROMPT).doesNotContain("failed");
    }

    @Test
    void warmUpRunsOfflineTurnsThatNeverReachTheUsersMemory() {
        String memory = "sqlite:" + home.resolve("chat.db");
        CliRunner.Result result = cli().run("chat", "--memory", memory, "--session", "alice", "--warm-up=7",
                "--verbose", "-m", "What is 12 * 7?");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.err()).contains("[warm-up] 7 offline agent turns in");
        assertThat(result.out()).contains("The result is 84.");
        // only the user's session, with only the user's turn: question, tool call, tool result, answer
        CliRunner.Result sessions = cli().run("sessions", "list", "--memory", memory);
        assertThat(sessions.out().lines().skip(1).toList()).singleElement().asString().startsWith("alice ")
                .containsPattern("^alice\\s+4\\s");
    }

    @Test
    void warmUpComesFromTheFlagTheEnvironmentOrTheFileAndIsOffByDefault() throws IOException {
        Path config = home.resolve("warm.properties");
        Files.writeString(config, "CLUSTERNODE_WARM_UP=3\n");
        assertThat(cli().run("chat", "-v", "-m", "hi").err()).doesNotContain("[warm-up]");
        assertThat(cli().run("chat", "-v", "--config", config.toString(), "-m", "hi").err())
                .contains("[warm-up] 3 offline agent turns");
        CliRunner withEnv = new CliRunner(home, Map.of(WarmUpOption.KEY, "5"));
        assertThat(withEnv.run("chat", "-v", "--config", config.toString(), "-m", "hi").err())
                .contains("[warm-up] 5 offline agent turns");
        assertThat(withEnv.run("chat", "-v", "--config", config.toString(), "--warm-up=2", "-m", "hi").err())
                .contains("[warm-up] 2 offline agent turns");
        assertThat(withEnv.run("chat", "-v", "--warm-up", "-m", "hi").err())
                .contains("[warm-up] " + WarmUpOption.DEFAULT_TURNS + " offline agent turns");
        assertThat(new CliRunner(home, Map.of(WarmUpOption.KEY, "true")).run("chat", "-v", "-m", "hi").err())
                .contains("[warm-up] " + WarmUpOption.DEFAULT_TURNS + " offline agent turns");
        assertThat(withEnv.run("chat", "-v", "--warm-up=0", "-m", "hi").err()).doesNotContain("[warm-up]");
    }

    @Test
    void aBadWarmUpValueIsAUsageErrorThatNamesItsSource() {
        CliRunner.Result flag = cli().run("chat", "--warm-up=lots", "-m", "hi");
        assertThat(flag.code()).isEqualTo(2);
        assertThat(flag.err()).contains("--warm-up takes a number of turns from 0 to");
        CliRunner.Result env = new CliRunner(home, Map.of(WarmUpOption.KEY, "-4")).run("chat", "-m", "hi");
        assertThat(env.code()).isEqualTo(2);
        assertThat(env.err()).contains(WarmUpOption.KEY + " takes a number of turns").doesNotContain("-4");
    }

    @Test
    void theModelMemoryAndSessionOptionsReadTheSameOnEveryCommand() {
        for (String command : List.of("chat", "serve", "mcp")) {
            String help = cli().run(command, "--help").out();
            assertThat(help).as(command).contains("--model=PROVIDER[:MODEL]", "(CLUSTERNODE_MODEL)",
                    "--memory=SPEC", "(CLUSTERNODE_MEMORY)");
        }
        assertThat(cli().run("chat", "--help").out()).contains("--session=ID", "--warm-up[=N]", WarmUpOption.KEY);
        assertThat(cli().run("serve", "--help").out()).contains("--warm-up[=N]").doesNotContain("--session");
        assertThat(cli().run("run", "--help").out()).contains("--session=ID").doesNotContain("--model");
        assertThat(cli().run("sessions", "list", "--help").out()).contains("--memory=SPEC")
                .doesNotContain("--model");
        for (String command : List.of("chat", "serve", "mcp")) {
            CliRunner.Result blank = cli().run(command, "--model", " ");
            assertThat(blank.code()).as(command).isEqualTo(2);
            assertThat(blank.err()).as(command).contains("--model needs a model such as simulated");
        }
        assertThat(cli().run("sessions", "list", "--memory", "").err()).contains("--memory needs a memory");
        assertThat(cli().run("run", "x.json", "--session", "").err()).contains("--session needs a session id");
    }
}
