package io.clusternode.cli;

import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.ExecutionState;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.StepTiming;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.Usage;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.secret.Redaction;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.tool.CalculatorTool;
import io.clusternode.core.tool.DateTimeTool;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code clusternode chat}: one agent (chat model, memory, calculator and date/time tools) answering one
 * message ({@code -m}) or a conversation: on a terminal an editable prompt with history, otherwise lines read
 * from standard input with no prompt. Answers are always streamed, so a real model's text appears as it is
 * generated.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chat with an AI agent (calculator and date/time tools attached).",
            "Without -m: on a terminal, an editable prompt with history (Ctrl-C cancels an answer, Ctrl-D quits);"
                    + " otherwise messages are read line by line from standard input. /help lists the chat"
                    + " commands."},
        footer = {"", "Examples:",
            "  clusternode chat -m 'What is 12 * 7?'",
            "  clusternode chat --memory sqlite:chat.db --session alice",
            "  clusternode chat --model deepseek:deepseek-chat -m 'Hello'",
            "  clusternode chat < questions.txt",
            "",
            "A failed message exits with 1 (interactive: after a summary of the failures)."})
final class ChatCommand implements Callable<Integer> {

    static final String SIMULATED_NOTICE = "note: the simulated offline model is answering (no API key, no network)."
            + " For a real model use --model deepseek:deepseek-chat with DEEPSEEK_API_KEY set,"
            + " or --model openai:MODEL with OPENAI_BASE_URL and OPENAI_API_KEY.";

    /** The setting that bounds a message's length, in characters. */
    static final String MAX_MESSAGE_KEY = "CLUSTERNODE_MAX_MESSAGE_CHARS";
    /** The default bound: a million characters, far above any typed or pasted message. */
    static final int DEFAULT_MAX_MESSAGE_CHARS = 1_000_000;

    /** Where the interactive history is kept, relative to the home directory. */
    static final Path HISTORY_RELATIVE = Path.of(".clusternode", "history");

    private final ClusterNodeCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ToolOptions toolOptions;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT",
            description = "Send this one message, print the answer and exit.")
    String message;

    @Mixin
    AgentOptions agentOptions;

    @Mixin
    AgentOptions.Session sessionOption;

    @Mixin
    WarmUpOption warmUp;

    @Option(names = "--system", paramLabel = "TEXT", description = "System prompt sent before the conversation.")
    String system;

    @Option(names = "--max-iterations", paramLabel = "N", defaultValue = "10",
            description = "Model calls allowed per message before giving up. Default: ${DEFAULT-VALUE}.")
    int maxIterations;

    ChatCommand(ClusterNodeCli root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        root.verbose(common.verbose);
        if (maxIterations < 1) {
            throw new ParameterException(spec.commandLine(), "--max-iterations must be at least 1, was " + maxIterations);
        }
        if (message != null && message.isBlank()) {
            throw new ParameterException(spec.commandLine(),
                    "-m/--message needs a message; leave it out to chat interactively");
        }
        String session = sessionOption.id(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Settings settings = common.settings(root.environment());
        String modelSpec = agentOptions.modelSpec(spec, settings);
        String memorySpec = agentOptions.memorySpec(spec, settings);
        int turns = warmUp.turns(spec, settings); // a bad value is a usage error before anything is opened
        int maxChars = maxMessageChars(settings);
        if (message != null && message.length() > maxChars) {
            throw Conversation.tooLongError(maxChars);
        }

        LlmProvider llm = Providers.model(modelSpec, settings);
        try (llm; MemoryProvider mem = Providers.memory(memorySpec, settings);
                ToolOptions.OpenTools tools = toolOptions.open(settings)) {
            llm.initialize();
            mem.initialize();
            if (llm instanceof SimulatedLlmProvider) {
                err.println(SIMULATED_NOTICE);
                err.flush();
            }
            WarmUpOption.run(turns, common.verbose, err);
            AiAgent agent = AiAgent.builder()
                    .model(llm)
                    .memory(mem)
                    .tools(tools.tools())
                    .build();
            AgentConfig config = AgentConfig.defaults()
                    .withSessionId(session)
                    .withSystemPrompt(system)
                    .withMaxIterations(maxIterations);
            Conversation conversation = new Conversation(agent, mem, config, session, maxChars, common.verbose,
                    out, err);
            if (message != null) {
                conversation.turn(message, () -> false);
                return ClusterNodeCli.EXIT_OK;
            }
            err.println("ClusterNode chat - model " + Redaction.url(modelSpec) + ", memory "
                    + Redaction.url(memorySpec) + ", session '" + session + "'. /help lists commands, /exit quits.");
            err.flush();
            CliEnvironment environment = root.environment();
            if (environment.terminal() != null) {
                try (Terminal terminal = environment.terminal().open()) {
                    return TerminalChat.run(terminal, environment.home().resolve(HISTORY_RELATIVE), conversation,
                            err);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot use the terminal", e);
                }
            }
            return piped(conversation, environment);
        }
    }

    /** Lines from standard input (a pipe or a file): no prompt, each line bounded in length. */
    private static int piped(Conversation conversation, CliEnvironment environment) {
        BoundedLineReader lines = new BoundedLineReader(new InputStreamReader(environment.in(), stdinCharset()),
                conversation.maxChars());
        try {
            for (BoundedLineReader.Line line = lines.next(); line != null; line = lines.next()) {
                if (line.tooLong()) {
                    conversation.tooLong();
                } else if (conversation.line(line.text(), () -> false) == Conversation.Outcome.EXIT) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
        return conversation.finish();
    }

    /** The message length bound from {@value #MAX_MESSAGE_KEY}, or its default. */
    static int maxMessageChars(Settings settings) {
        String value = settings.get(MAX_MESSAGE_KEY).map(String::strip).orElse("");
        if (value.isEmpty()) {
            return DEFAULT_MAX_MESSAGE_CHARS;
        }
        try {
            int parsed = Integer.parseInt(value.replace("_", ""));
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // described below, never echoed: the value may be anything, a key pasted in the wrong place included
        }
        throw new NodeExecutionException(ErrorCode.INVALID_INPUT, MAX_MESSAGE_KEY
                + " must be a whole number of characters, at least 1 (default " + DEFAULT_MAX_MESSAGE_CHARS + ")");
    }

    /** The --verbose report of a run: tool calls with their results, step timings, usage. */
    static void printDetails(AgentResponse response, PrintWriter err) {
        Map<String, String> results = new HashMap<>();
        for (Message message : response.turn()) {
            if (message.role() == Role.TOOL) {
                results.put(message.toolCallId(), message.content());
            }
        }
        for (Message message : response.turn()) {
            for (ToolCall call : message.toolCalls()) {
                err.println("[tool] " + call.name() + " " + call.arguments() + " -> "
                        + results.getOrDefault(call.id(), "(no result)"));
            }
        }
        ExecutionState state = response.state();
        for (StepTiming step : state.steps()) {
            err.println(String.format(Locale.ROOT, "[step] %-12s %-20s %9.3f ms",
                    step.kind().name().toLowerCase(Locale.ROOT), step.name() == null ? "" : step.name(),
                    step.millis()));
        }
        Usage usage = state.usage();
        err.println(String.format(Locale.ROOT,
                "[usage] prompt %d, completion %d, total %d tokens%s; iterations %d, model calls %d,"
                        + " tool calls %d; %.3f ms total",
                usage.promptTokens(), usage.completionTokens(), usage.totalTokens(),
                usage.promptCacheHitTokens() + usage.promptCacheMissTokens() > 0
                        ? " (prompt cache hit " + usage.promptCacheHitTokens() + ", miss "
                                + usage.promptCacheMissTokens() + ")"
                        : "",
                state.iterations(), state.modelCalls(), state.toolCalls(), state.totalMillis()));
        if (response.finishReason() != null) {
            err.println("[finish] " + response.finishReason());
        }
        err.flush();
    }

    private static Charset stdinCharset() {
        String name = System.getProperty("stdin.encoding", System.getProperty("native.encoding"));
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }
}
