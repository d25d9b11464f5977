package io.clusternode.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code clusternode bench} as the product jar answers it. The benchmarks (and the LangChain4j, JMH and
 * load-harness code they need) live in their own jar, which depends on the product and is never shipped in
 * it; the {@code ./clusternode} launcher builds and runs that jar. This command only says so, with exit
 * code 2, whatever arguments it is given.
 */
@Command(name = "bench", description = "Measure ClusterNode: from a source checkout, run ./clusternode bench")
final class BenchPointer implements Callable<Integer> {

    static final String MESSAGE = "error: the benchmarks are not part of clusternode.jar; from a source checkout"
            + " run './clusternode bench ...' (it builds and runs clusternode-bench/target/benchmarks.jar),"
            + " see docs/performance.md";

    @Spec
    CommandSpec spec;

    /** Every bench option is accepted here, so the pointer is printed whatever the user typed. */
    @Unmatched
    List<String> ignored;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println(MESSAGE);
        spec.commandLine().getErr().flush();
        return ClusterNodeCli.EXIT_USAGE;
    }
}
