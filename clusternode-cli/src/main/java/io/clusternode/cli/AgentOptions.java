package io.clusternode.cli;

import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.spi.Settings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --model} and {@code --memory}: the chat model and the memory of the agents a command runs, declared
 * once for every command that has them and resolved one way: the flag, else the environment variable, else
 * the configuration file, else the default. {@link Memory} and {@link Session} are also usable on their own
 * (the sessions commands take a memory only, {@code run} a session only).
 */
final class AgentOptions {

    /** The model when neither flag, environment nor file names one. */
    static final String DEFAULT_MODEL = SimulatedLlmProvider.KIND;
    /** The memory when neither flag, environment nor file names one. */
    static final String DEFAULT_MEMORY = "window";

    @Mixin
    Model model;

    @Mixin
    Memory memory;

    /**
     * The model spec to use.
     *
     * @param command the command the options belong to, for the usage error a blank {@code --model} is
     */
    String modelSpec(CommandSpec command, Settings settings) {
        return model.spec(command, settings);
    }

    /**
     * The memory spec to use.
     *
     * @param command the command the options belong to, for the usage error a blank {@code --memory} is
     */
    String memorySpec(CommandSpec command, Settings settings) {
        return memory.spec(command, settings);
    }

    /** {@code --model}. */
    static final class Model {
        @Option(names = "--model", paramLabel = "PROVIDER[:MODEL]",
                description = "Chat model, e.g. simulated, deepseek:deepseek-chat, openai:gpt-4o-mini"
                        + " (CLUSTERNODE_MODEL). Default: " + DEFAULT_MODEL + ".")
        String value;

        String spec(CommandSpec command, Settings settings) {
            CommonOptions.requireNotBlank(command, value, "--model", "a model such as simulated or deepseek:deepseek-chat");
            return value != null ? value : settings.get(ConfigFile.MODEL_KEY, DEFAULT_MODEL);
        }
    }

    /** {@code --memory}. */
    static final class Memory {
        @Option(names = "--memory", paramLabel = "SPEC",
                description = "Memory holding the sessions: window (in-process), sqlite:PATH, or a URL:"
                        + " postgresql://HOST/DB or redis://HOST:PORT (CLUSTERNODE_MEMORY). Default: "
                        + DEFAULT_MEMORY + ".")
        String value;

        String spec(CommandSpec command, Settings settings) {
            CommonOptions.requireNotBlank(command, value, "--memory", "a memory such as window or sqlite:chat.db");
            return value != null ? value : settings.get(ConfigFile.MEMORY_KEY, DEFAULT_MEMORY);
        }
    }

    /** {@code --session}. */
    static final class Session {
        @Option(names = "--session", paramLabel = "ID",
                description = "Memory session holding the conversation. Default: " + AgentConfig.DEFAULT_SESSION + ".")
        String value;

        /** The session id, {@value AgentConfig#DEFAULT_SESSION} when not given; a blank one is a usage error. */
        String id(CommandSpec command) {
            String given = given(command);
            return given != null ? given : AgentConfig.DEFAULT_SESSION;
        }

        /**
         * The session id given, or null when none is (a workflow's chat trigger then takes the session from its
         * input item); a blank one is a usage error.
         */
        String given(CommandSpec command) {
            CommonOptions.requireNotBlank(command, value, "--session", "a session id");
            return value;
        }
    }
}
