package io.clusternode.cli;

import io.clusternode.workflow.NodeStatus;
import io.clusternode.workflow.NodeTypes;
import io.clusternode.workflow.Workflow;
import io.clusternode.workflow.WorkflowLoadException;
import io.clusternode.workflow.WorkflowRunner;
import io.clusternode.workflow.credentials.Credentials;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clusternode workflow ...}: commands about workflow files. */
@Command(name = "workflow", mixinStandardHelpOptions = true, description = "Inspect n8n workflow files.",
        subcommands = WorkflowCommand.Validate.class)
final class WorkflowCommand implements Runnable {

    final ClusterNodeCli root;

    @Spec
    CommandSpec spec;

    WorkflowCommand(ClusterNodeCli root) {
        this.root = root;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: validate");
    }

    /** {@code clusternode workflow validate FILE}: each node supported, ignored, or why not. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check a workflow file without running it: lists each node as supported, ignored, or why not.",
                "With --credentials, also checks that every node gets the credentials it needs.",
                "Exit code 0 when the workflow can run, 1 when it cannot."})
    static final class Validate implements Callable<Integer> {

        @picocli.CommandLine.ParentCommand
        WorkflowCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Parameters(index = "0", paramLabel = "FILE", description = "The workflow file (n8n workflow JSON).")
        Path file;

        @Option(names = "--credentials", paramLabel = "FILE", description = "Also check the credentials in this file.")
        Path credentials;

        @Override
        public Integer call() {
            parent.root.verbose(common.verbose);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Workflow workflow = Workflow.inspect(file, NodeTypes.installed());
            out.println("workflow '" + workflow.name() + "' (" + file + "): " + workflow.nodes().size() + " nodes");
            for (NodeStatus status : workflow.statuses()) {
                out.println(String.format(Locale.ROOT, "  %-11s %s - %s", status.state().name().toLowerCase(Locale.ROOT),
                        status.node().describe(), status.reason()));
            }
            if (!workflow.problems().isEmpty()) {
                new WorkflowLoadException(workflow.problems()).problems().forEach(p -> err.println("error: " + p));
                err.flush();
                return ClusterNodeCli.EXIT_FAILURE;
            }
            if (credentials != null) {
                WorkflowRunner.Options options = WorkflowRunner.Options.defaults()
                        .withSettings(common.settings(parent.root.environment()));
                try (WorkflowRunner runner = workflow.bind(Credentials.load(credentials), options)) {
                    out.println("credentials: every node has what it needs");
                }
            }
            out.println("ok: the workflow can run");
            return ClusterNodeCli.EXIT_OK;
        }
    }
}
