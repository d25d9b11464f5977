package io.clusternode.bench.scenario;

import io.clusternode.bench.BenchContext;

/** One measurement of the bench, run against the library exactly as a user would run it. */
public interface Scenario {

    /** The name {@code --scenario} selects it by. */
    String name();

    /** One line for {@code --help}. */
    String description();

    void run(BenchContext context) throws Exception;
}
