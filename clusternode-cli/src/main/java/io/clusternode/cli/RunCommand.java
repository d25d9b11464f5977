package io.clusternode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.Settings;
import io.clusternode.workflow.Item;
import io.clusternode.workflow.RunListener;
import io.clusternode.workflow.RunRequest;
import io.clusternode.workflow.RunResult;
import io.clusternode.workflow.Workflow;
import io.clusternode.workflow.WorkflowLoadException;
import io.clusternode.workflow.WorkflowRunner;
import io.clusternode.workflow.credentials.Credentials;
import io.clusternode.workflow.model.NodeSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clusternode run FILE}: runs an n8n workflow file once (or, for a chat-triggered workflow without
 * {@code -m} or {@code --input}, as a chat on one session) and prints the last node's output items.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run an n8n workflow file (exported JSON): the trigger's item goes in, the last node's items come out.",
            "A workflow with a chat trigger and neither -m nor --input becomes an interactive chat on one session."})
final class RunCommand implements Callable<Integer> {

    enum Output { json, text }

    private final ClusterNodeCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "FILE", description = "The workflow file (n8n workflow JSON).")
    Path file;

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "A chat message for the chat trigger.")
    String message;

    @Mixin
    AgentOptions.Session sessionOption;

    @Option(names = "--input", paramLabel = "JSON",
            description = "The trigger's item as a JSON object, e.g. '{\"body\":{\"message\":\"Hi\"}}' for a webhook.")
    String input;

    @Option(names = "--trigger", paramLabel = "NAME", description = "Start from this trigger node (default: chosen by input).")
    String trigger;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "Credentials file (JSON or YAML) keyed by n8n credential type, e.g. openAiApi, postgres.")
    Path credentials;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "json",
            description = "json (the output items) or text (only their 'output' fields). Default: ${DEFAULT-VALUE}.")
    Output output;

    @Option(names = "--allow-env", description = "Let expressions read environment variables through $env.")
    boolean allowEnv;

    RunCommand(ClusterNodeCli root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        root.verbose(common.verbose);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Settings settings = common.settings(root.environment());
        String session = sessionOption.given(spec);
        Workflow workflow;
        try {
            workflow = Workflow.load(file);
        } catch (WorkflowLoadException e) {
            e.problems().forEach(p -> err.println("error: " + p));
            err.flush();
            return ClusterNodeCli.EXIT_FAILURE;
        }
        ObjectNode item = parseInput();
        Credentials bound = credentials == null ? Credentials.none() : Credentials.load(credentials);
        WorkflowRunner.Options options = WorkflowRunner.Options.defaults().withSettings(settings)
                .withEnvironmentAccess(allowEnv);
        RunListener listener = common.verbose ? new Trace(err) : RunListener.NONE;
        try (WorkflowRunner runner = workflow.bind(bound, options)) {
            if (message == null && item == null && runner.chatTriggered() && trigger == null) {
                return chat(runner, sessionOption.id(spec), listener, out, err);
            }
            RunRequest request = new RunRequest(trigger, message, session, item);
            print(runner.run(request, listener), out);
            return ClusterNodeCli.EXIT_OK;
        }
    }

    private ObjectNode parseInput() {
        if (input == null) {
            return null;
        }
        JsonNode parsed = Json.parse(input, "--input");
        if (!parsed.isObject()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "--input must be a JSON object (the trigger's item)");
        }
        return (ObjectNode) parsed;
    }

    private int chat(WorkflowRunner runner, String id, RunListener listener, PrintWriter out, PrintWriter err) {
        err.println("Workflow '" + runner.workflow().name() + "' - chat on session '" + id + "'. /exit quits.");
        BufferedReader reader = new BufferedReader(new InputStreamReader(root.environment().in(), Charset.defaultCharset()));
        while (true) {
            err.print("> ");
            err.flush();
            String line;
            try {
                line = reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read standard input", e);
            }
            if (line == null || line.strip().equals("/exit") || line.strip().equals("/quit")) {
                return ClusterNodeCli.EXIT_OK;
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                RunResult result = runner.run(RunRequest.chat(line, id), listener);
                printText(result.items(), out);
            } catch (NodeExecutionException e) {
                // one failed turn does not end the conversation
                err.println("error: " + e.code() + ": " + e.getMessage());
            }
            out.flush();
        }
    }

    private void print(RunResult result, PrintWriter out) {
        if (output == Output.text) {
            printText(result.items(), out);
        } else {
            try {
                out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result.toJson()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new NodeExecutionException(ErrorCode.INTERNAL, "cannot write the output items", e);
            }
        }
        out.flush();
    }

    private static void printText(List<Item> items, PrintWriter out) {
        for (Item item : items) {
            JsonNode text = item.json().get("output");
            out.println(text == null ? Json.write(item.json()) : text.isTextual() ? text.textValue() : Json.write(text));
        }
    }

    /** --verbose: each node as it runs, with its timing, and the agent's model and tool calls. */
    private static final class Trace implements RunListener {
        private final PrintWriter err;

        Trace(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void nodeStarted(NodeSpec node) {
            err.println("[node] " + node.name() + " (" + node.shortType() + " v" + node.versionText() + ")");
            err.flush();
        }

        @Override
        public void nodeFinished(NodeSpec node, int items, long nanos) {
            err.println(String.format(Locale.ROOT, "[node] %s done: %d item%s in %.1f ms", node.name(), items,
                    items == 1 ? "" : "s", nanos / 1e6));
            err.flush();
        }

        @Override
        public void step(NodeSpec node, String description, long nanos) {
            err.println(nanos > 0 ? String.format(Locale.ROOT, "  %s (%.1f ms)", description, nanos / 1e6)
                    : "  " + description);
            err.flush();
        }
    }
}
