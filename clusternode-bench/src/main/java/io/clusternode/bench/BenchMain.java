package io.clusternode.bench;

import picocli.CommandLine;

/** Runs {@link BenchCommand} on its own: {@code java -cp ... io.clusternode.bench.BenchMain [options]}. */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
