package io.clusternode.cli;

import io.clusternode.core.spi.Settings;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

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

    /**
     * Rejects an option given as an empty or blank value, which would otherwise silently mean its default.
     *
     * @param what what the option expects, for the message
     */
    static void requireNotBlank(CommandSpec spec, String value, String option, String what) {
        if (value != null && value.isBlank()) {
            throw new ParameterException(spec.commandLine(), option + " needs " + what + "; leave it out for"
                    + " the default");
        }
    }

    Settings settings(CliEnvironment environment) {
        return ConfigFile.settings(config, environment);
    }
}
