package io.clusternode.cli;

import io.clusternode.core.error.NodeExecutionException;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code clusternode} command. Exit codes: 0 success, 1 the run failed (one {@code error: CODE: message}
 * line on stderr), 2 the command line or configuration was wrong (message plus a usage hint).
 */
@Command(name = "clusternode",
        mixinStandardHelpOptions = true,
        versionProvider = ClusterNodeCli.Version.class,
        description = "Run AI agents built as cluster nodes: a chat model, a memory and tools attached to an agent.",
        footer = {"", "Exit codes: 0 success, 1 run failure, 2 usage or configuration error."})
public final class ClusterNodeCli implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private final CliEnvironment environment;
    private boolean verbose;

    @Spec
    CommandSpec spec;

    ClusterNodeCli(CliEnvironment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                System.out.charset()), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                System.err.charset()), true);
        int code = commandLine(CliEnvironment.system(), out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * The whole command tree, wired to the given environment and streams.
     */
    public static CommandLine commandLine(CliEnvironment environment, PrintWriter out, PrintWriter err) {
        ClusterNodeCli root = new ClusterNodeCli(environment);
        CommandLine commandLine = new CommandLine(root)
                .addSubcommand(new ChatCommand(root))
                .addSubcommand(new SessionsCommand(root))
                .addSubcommand(new ServeCommand(root))
                .addSubcommand(new RunCommand(root)).addSubcommand(new WorkflowCommand(root))
                .addSubcommand(ToolsCommand.create(root))
                .addSubcommand(new McpCommand(root))
                .addSubcommand(new BenchPointer())
                .addSubcommand(new CommandLine.HelpCommand());
        // Every command answers -V/--version with the same text as the top-level command.
        versionEverywhere(commandLine);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler(root::handleExecutionException);
        commandLine.setParameterExceptionHandler(ClusterNodeCli::handleParameterException);
        return commandLine;
    }

    private static void versionEverywhere(CommandLine commandLine) {
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new Version());
            versionEverywhere(sub);
        }
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    CliEnvironment environment() {
        return environment;
    }

    /**
     * Called by a command once its options are parsed, so errors and logs follow its --verbose: without it
     * only ClusterNode's own warnings are logged, as one line each without stack traces; libraries (connection
     * pools, drivers, the terminal library) stay quiet, and the failure itself is reported as one error line.
     * With it, ClusterNode logs at debug level and libraries their warnings, with stack traces.
     */
    void verbose(boolean value) {
        this.verbose = value;
        Logging.verbose(value);
    }

    private int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof ConfigFile.ConfigFileException) {
            err.println("error: " + e.getMessage());
            err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return EXIT_USAGE;
        }
        Errors.print(e, verbose, err);
        return EXIT_FAILURE;
    }

    private static int handleParameterException(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return EXIT_USAGE;
    }

    /** The version from the Maven project version (a filtered resource), plus the JVM that runs it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "clusternode " + projectVersion(),
                "JVM: ${java.version} (${java.vendor} ${java.vm.name})"
            };
        }

        static String projectVersion() {
            try (InputStream in = ClusterNodeCli.class.getResourceAsStream("/clusternode-version.properties")) {
                if (in == null) {
                    return "unknown";
                }
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
