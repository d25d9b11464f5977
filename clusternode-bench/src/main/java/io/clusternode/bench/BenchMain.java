package io.clusternode.bench;

import picocli.CommandLine;

/**
 * Runs {@link BenchCommand} on its own: {@code java -cp benchmarks.jar io.clusternode.bench.BenchMain [options]},
 * which is what {@code ./clusternode bench} runs.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).setCommandName("clusternode bench").execute(args));
    }
}
