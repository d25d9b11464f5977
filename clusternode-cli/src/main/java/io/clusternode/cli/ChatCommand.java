package io.clusternode.cli;

import io.clusternode.core.agent.AiAgent;
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
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.spi.StreamListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clusternode chat}: one agent (chat model, memory, calculator and date/time tools) answering one
 * message ({@code -m}) or a conversation read line by line from standard input. Answers are always
 * streamed, so a real model's text appears as it is generated.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chat with an AI agent (calculator and date/time tools attached).",
            "Without -m, reads messages line by line from standard input; /help lists the chat commands."})
final class ChatCommand implements Callable<Integer> {

    static final String SIMULATED_NOTICE = "note: the simulated offline model is answering (no API key, no network)."
            + " For a real model use --model deepseek:deepseek-chat with DEEPSEEK_API_KEY set,"
            + " or --model openai:MODEL with OPENAI_BASE_URL and OPENAI_API_KEY.";

    private static final String CHAT_HELP = """
            /help   show this help
            /clear  forget this session's history
            /exit   quit (end of input quits too)""";

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

    @Option(names = "--model", paramLabel = "PROVIDER[:MODEL]",
            description = "Chat model, e.g. simulated, deepseek:deepseek-chat, openai:gpt-4o-mini. "
                    + "Default: CLUSTERNODE_MODEL, else simulated.")
    String model;

    @Option(names = "--memory", paramLabel = "SPEC",
            description = "Memory: window (in-process), sqlite:PATH, postgresql://..., redis://... "
                    + "Default: CLUSTERNODE_MEMORY, else window.")
    String memory;

    @Option(names = "--session", paramLabel = "ID", defaultValue = "default",
            description = "Memory session holding the conversation. Default: ${DEFAULT-VALUE}.")
    String session;

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
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--max-iterations must be at least 1, was " + maxIterations);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Settings settings = common.settings(root.environment());
        String modelSpec = model != null ? model : settings.get(ConfigFile.MODEL_KEY, SimulatedLlmProvider.KIND);
        String memorySpec = memory != null ? memory : settings.get(ConfigFile.MEMORY_KEY, "window");

        LlmProvider llm = Providers.model(modelSpec, settings);
        try (llm; MemoryProvider mem = Providers.memory(memorySpec, settings);
                ToolOptions.OpenTools tools = toolOptions.open(settings)) {
            llm.initialize();
            mem.initialize();
            if (llm instanceof SimulatedLlmProvider) {
                err.println(SIMULATED_NOTICE);
                err.flush();
            }
            AiAgent agent = AiAgent.builder()
                    .model(llm)
                    .memory(mem)
                    .tools(tools.tools())
                    .build();
            AgentConfig config = AgentConfig.defaults()
                    .withSessionId(session)
                    .withSystemPrompt(system)
                    .withMaxIterations(maxIterations);
            if (message != null) {
                turn(agent, config, message, out, err);
                return ClusterNodeCli.EXIT_OK;
            }
            return interactive(agent, mem, config, modelSpec, memorySpec, out, err);
        }
    }

    private int interactive(AiAgent agent, MemoryProvider mem, AgentConfig config, String modelSpec,
                            String memorySpec, PrintWriter out, PrintWriter err) {
        err.println("ClusterNode chat - model " + modelSpec + ", memory " + memorySpec + ", session '" + session
                + "'. /help lists commands, /exit quits.");
        BufferedReader reader = new BufferedReader(new InputStreamReader(root.environment().in(), stdinCharset()));
        while (true) {
            // The prompt goes to stderr, like other REPLs, so stdout carries only answers.
            err.print("> ");
            err.flush();
            String line;
            try {
                line = reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read standard input", e);
            }
            if (line == null) {
                err.println();
                return ClusterNodeCli.EXIT_OK;
            }
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            switch (text) {
                case "/exit", "/quit" -> {
                    return ClusterNodeCli.EXIT_OK;
                }
                case "/help" -> err.println(CHAT_HELP);
                case "/clear" -> {
                    mem.clear(session);
                    err.println("session '" + session + "' cleared");
                }
                default -> {
                    if (text.startsWith("/")) {
                        err.println("unknown chat command '" + text + "'; /help lists the commands");
                        continue;
                    }
                    try {
                        turn(agent, config, line, out, err);
                    } catch (NodeExecutionException e) {
                        // One failed message does not end the conversation.
                        out.println();
                        out.flush();
                        err.println("error: " + e.code() + ": " + e.getMessage());
                        if (common.verbose) {
                            e.printStackTrace(err);
                        }
                    }
                }
            }
            err.flush();
        }
    }

    /** Runs one message through the agent, printing the answer as it streams in. */
    private void turn(AiAgent agent, AgentConfig config, String text, PrintWriter out, PrintWriter err) {
        boolean verbose = common.verbose;
        // Reasoning models think before they answer: the thinking streams to stderr so stdout holds only the
        // answer, and a line break separates the two when the answer starts.
        boolean[] reasoningOpen = {false};
        StreamListener listener = new StreamListener() {
            @Override
            public void onContent(String delta) {
                closeReasoning();
                out.print(delta);
                out.flush();
            }

            @Override
            public void onReasoning(String delta) {
                if (!reasoningOpen[0]) {
                    err.print("[reasoning] ");
                    reasoningOpen[0] = true;
                }
                err.print(delta);
                err.flush();
            }

            private void closeReasoning() {
                if (reasoningOpen[0]) {
                    err.println();
                    err.flush();
                    reasoningOpen[0] = false;
                }
            }
        };
        AgentResponse response;
        try {
            response = agent.execute(List.of(Message.user(text)), config, listener);
        } finally {
            if (reasoningOpen[0]) {
                err.println();
                err.flush();
            }
        }
        out.println();
        out.flush();
        if (verbose) {
            printDetails(response, err);
        }
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
