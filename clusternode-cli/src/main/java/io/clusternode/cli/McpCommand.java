package io.clusternode.cli;

import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.tool.Tools;
import io.clusternode.mcp.McpToolServer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code clusternode mcp}: serves tools, and agents as tools, to MCP clients (Claude Desktop, the MCP
 * Inspector, IDEs, other agents) over standard input and output until the client disconnects.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = {"Serve tools, and agents as tools, to an MCP client over stdio.",
            "Standard output carries only MCP messages; notices and logs go to standard error."})
final class McpCommand implements Callable<Integer> {

    private final ClusterNodeCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ToolOptions toolOptions;

    @Option(names = "--agent", paramLabel = "NAME[=DESCRIPTION]",
            description = {"Also serve an agent as the tool ask_NAME (repeatable): it answers a message with the "
                    + "chat model, memory and tools given here, keeping a conversation per session.",
                "e.g. --agent \"support=Answers questions about orders and refunds\""})
    List<String> agents = new ArrayList<>();

    @Mixin
    AgentOptions agentOptions;

    @Option(names = "--system", paramLabel = "TEXT", description = "The agents' system prompt.")
    String system;

    McpCommand(ClusterNodeCli root) {
        this.root = root;
    }

    @Override
    public Integer call() throws InterruptedException {
        root.verbose(common.verbose);
        PrintWriter err = spec.commandLine().getErr();
        Settings settings = common.settings(root.environment());
        List<AgentSpec> agentSpecs = agents.stream().map(this::agentSpec).toList();
        String modelSpec = agentOptions.modelSpec(spec, settings);
        String memorySpec = agentOptions.memorySpec(spec, settings);
        LlmProvider llm = agentSpecs.isEmpty() ? null : Providers.model(modelSpec, settings);
        try (ToolOptions.OpenTools tools = toolOptions.open(settings);
                LlmProvider closingModel = llm;
                MemoryProvider mem = agentSpecs.isEmpty() ? null : Providers.memory(memorySpec, settings)) {
            List<ToolProvider> served = new ArrayList<>(tools.tools());
            if (!agentSpecs.isEmpty()) {
                closingModel.initialize();
                mem.initialize();
                AiAgent agent = AiAgent.builder().model(closingModel).memory(mem).tools(tools.tools()).build();
                for (AgentSpec agentSpec : agentSpecs) {
                    AgentConfig config = AgentConfig.defaults().withSessionId(agentSpec.name())
                            .withSystemPrompt(system);
                    served.add(Tools.ofAgent("ask_" + agentSpec.name(), agentSpec.description(), agent, config));
                }
            }
            err.println("clusternode mcp: serving " + served.size() + " tools over stdio ("
                    + String.join(", ", served.stream().map(ToolProvider::name).toList()) + ")");
            err.flush();
            try (McpToolServer server = McpToolServer.stdio(served, ClusterNodeCli.Version.projectVersion(),
                    root.environment().in(), new FileOutputStream(FileDescriptor.out))) {
                server.awaitEnd();
            }
        }
        return ClusterNodeCli.EXIT_OK;
    }

    private record AgentSpec(String name, String description) {
    }

    private AgentSpec agentSpec(String text) {
        int equals = text.indexOf('=');
        String name = equals < 0 ? text : text.substring(0, equals);
        if (!name.matches("[A-Za-z0-9_-]{1,58}")) {
            throw new ParameterException(spec.commandLine(), "--agent needs a name of letters, digits, '_' or '-'"
                    + " before the optional '=DESCRIPTION'");
        }
        String description = equals < 0 || text.substring(equals + 1).isBlank()
                ? "Ask the " + name + " agent: send it a message and get its answer. It keeps a conversation per"
                        + " session."
                : text.substring(equals + 1).strip();
        return new AgentSpec(name, description);
    }
}
