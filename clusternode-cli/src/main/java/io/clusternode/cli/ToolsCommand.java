package io.clusternode.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.spi.ToolProviderFactory;
import io.clusternode.core.tool.ToolKinds;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code clusternode tools}: what tools an agent would get, and which tool kinds can be named. */
@Command(name = "tools", mixinStandardHelpOptions = true,
        description = "Show the tools an agent gets (tools list) and the tool kinds that can be named (tools kinds).")
final class ToolsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** The command with its subcommands, wired to the root. */
    static CommandLine create(ClusterNodeCli root) {
        return new CommandLine(new ToolsCommand()).addSubcommand(new ListTools(root)).addSubcommand(new Kinds());
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: list, kinds");
    }

    /** {@code clusternode tools list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every tool an agent would get with these options, with its JSON schema.")
    static final class ListTools implements Callable<Integer> {
        private final ClusterNodeCli root;

        @Spec
        CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Mixin
        ToolOptions toolOptions;

        @Option(names = "--json", description = "Print the tool definitions as one JSON array, as a model gets them.")
        boolean json;

        ListTools(ClusterNodeCli root) {
            this.root = root;
        }

        @Override
        public Integer call() {
            root.verbose(common.verbose);
            PrintWriter out = spec.commandLine().getOut();
            try (ToolOptions.OpenTools open = toolOptions.open(common.settings(root.environment()))) {
                if (json) {
                    ArrayNode all = Json.MAPPER.createArrayNode();
                    for (ToolProvider tool : open.tools()) {
                        all.addObject().put("name", tool.name()).put("description", tool.description())
                                .set("parameters", tool.parameters());
                    }
                    out.println(all.toPrettyString());
                } else {
                    for (ToolProvider tool : open.tools()) {
                        out.println(tool.name() + " - " + tool.description());
                        out.println("  " + tool.parameters().toPrettyString().replace("\n", "\n  "));
                    }
                    out.println(open.tools().size() + (open.tools().size() == 1 ? " tool" : " tools"));
                }
            }
            out.flush();
            return ClusterNodeCli.EXIT_OK;
        }
    }

    /** {@code clusternode tools kinds}. */
    @Command(name = "kinds", mixinStandardHelpOptions = true,
            description = "List the tool kinds --tool and tools files can name (built in, or from modules on the "
                    + "class path).")
    static final class Kinds implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (ToolProviderFactory factory : ToolKinds.all().values()) {
                out.println(factory.kind() + " - " + factory.description());
            }
            out.flush();
            return ClusterNodeCli.EXIT_OK;
        }
    }
}
