package io.clusternode.cli;

import io.clusternode.core.spi.Settings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that touches models or memories shares. */
final class CommonOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = {"Configuration file: Java properties named like the environment variables.",
                "Default: ~/.clusternode/config.properties when it exists."})
    Path config;

    @Option(names = {"-v", "--verbose"},
            description = "Show details (chat: tool calls, step timings, token usage), debug logs and "
                    + "full stack traces.")
    boolean verbose;

    Settings settings(CliEnvironment environment) {
        return ConfigFile.settings(config, environment);
    }
}
