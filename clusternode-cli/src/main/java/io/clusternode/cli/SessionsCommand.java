package io.clusternode.cli;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.memory.SessionIds;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.SessionStats;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.secret.Redaction;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clusternode sessions list|show|clear}: inspect and remove the conversations a memory holds. */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = "List, show or clear the sessions of a memory.",
        footer = {"", "Examples:",
            "  clusternode sessions list --memory sqlite:chat.db",
            "  clusternode sessions show alice --memory sqlite:chat.db",
            "  clusternode sessions clear alice --memory redis://127.0.0.1:6379"})
final class SessionsCommand implements Runnable {

    private final ClusterNodeCli root;

    @Spec
    CommandSpec spec;

    SessionsCommand(ClusterNodeCli root) {
        this.root = root;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a sessions command is required: list, show ID or clear ID");
    }

    /** The options of every sessions subcommand. */
    static final class MemoryOptions {
        /** The subcommand these options belong to, for its usage hint. */
        @Spec(Spec.Target.MIXEE)
        CommandSpec command;

        @Mixin
        CommonOptions common;

        @Mixin
        AgentOptions.Memory memory;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the sessions: id, messages, created, last access, approximate bytes.",
            footer = {"", "Examples:", "  clusternode sessions list --memory sqlite:chat.db",
                "  CLUSTERNODE_MEMORY=postgresql://127.0.0.1:5432/chat clusternode sessions list"})
    int list(@Mixin MemoryOptions options) {
        return withMemory(options, (memory, spec) -> {
            PrintWriter out = this.spec.commandLine().getOut();
            List<SessionStats> sessions = memory.sessions();
            if (sessions.isEmpty()) {
                PrintWriter err = this.spec.commandLine().getErr();
                err.println("no sessions in memory '" + Redaction.url(spec) + "'"
                        + ("window".equals(spec) ? " (window memory lives inside one process only;"
                                + " use a persistent memory such as sqlite:PATH)" : ""));
                return ClusterNodeCli.EXIT_OK;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"SESSION", "MESSAGES", "CREATED", "LAST ACCESS", "BYTES"});
            for (SessionStats stats : sessions) {
                rows.add(new String[] {stats.sessionId(), Integer.toString(stats.messageCount()),
                    time(stats.createdAt()), time(stats.lastAccessAt()), Long.toString(stats.approximateBytes())});
            }
            printTable(rows, out);
            return ClusterNodeCli.EXIT_OK;
        });
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a session's messages.")
    int show(@Parameters(paramLabel = "ID", description = "The session id.") String id,
             @Mixin MemoryOptions options) {
        return withMemory(options, (memory, spec) -> {
            SessionIds.requireValid(id);
            SessionStats stats = memory.stats(id).orElseThrow(() -> unknown(id, spec));
            PrintWriter out = this.spec.commandLine().getOut();
            for (Message message : memory.retrieve(id, Math.max(1, stats.messageCount()))) {
                out.println(format(message));
            }
            return ClusterNodeCli.EXIT_OK;
        });
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Remove a session and its messages.")
    int clear(@Parameters(paramLabel = "ID", description = "The session id.") String id,
              @Mixin MemoryOptions options) {
        return withMemory(options, (memory, spec) -> {
            SessionIds.requireValid(id);
            if (!memory.clear(id)) {
                throw unknown(id, spec);
            }
            this.spec.commandLine().getOut().println("cleared session '" + id + "'");
            return ClusterNodeCli.EXIT_OK;
        });
    }

    private interface MemoryAction {
        int run(MemoryProvider memory, String spec);
    }

    private int withMemory(MemoryOptions options, MemoryAction action) {
        root.verbose(options.common.verbose);
        Settings settings = options.common.settings(root.environment());
        String memorySpec = options.memory.spec(options.command, settings);
        try (MemoryProvider memory = Providers.memory(memorySpec, settings)) {
            memory.initialize();
            int code = action.run(memory, memorySpec);
            this.spec.commandLine().getOut().flush();
            return code;
        }
    }

    private static NodeExecutionException unknown(String id, String memorySpec) {
        String shown = Redaction.url(memorySpec);
        return new NodeExecutionException(ErrorCode.INVALID_INPUT, "memory '" + shown + "' has no session '"
                + Errors.shorten(id) + "'; 'clusternode sessions list --memory " + shown + "' shows the sessions");
    }

    static String format(Message message) {
        StringBuilder line = new StringBuilder(message.role().name().toLowerCase(Locale.ROOT));
        if (message.toolCallId() != null) {
            line.append(" [").append(message.toolCallId()).append(']');
        }
        line.append(": ").append(message.content());
        for (ToolCall call : message.toolCalls()) {
            if (line.charAt(line.length() - 1) != ' ') {
                line.append(' ');
            }
            line.append("[calls ").append(call.name()).append(' ').append(call.arguments())
                    .append(" as ").append(call.id()).append(']');
        }
        return line.toString();
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void printTable(List<String[]> rows, PrintWriter out) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        Function<String[], String> render = row -> {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean last = i == row.length - 1;
                line.append(last ? row[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row[i]));
            }
            return line.toString();
        };
        rows.forEach(row -> out.println(render.apply(row)));
    }
}
