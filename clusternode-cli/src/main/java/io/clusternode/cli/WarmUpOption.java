package io.clusternode.cli;

import io.clusternode.core.executor.ClusterNodeExecutor;
import io.clusternode.core.spi.Settings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --warm-up[=N]}: before the first real message or request, run N offline agent turns (the simulated
 * model, a private in-process memory, the calculator) so that class loading and the first compilations of the
 * agent loop are paid then rather than by the first user. The turns never reach the chat model or the memory
 * the command was given. Flag, else {@value #KEY}, else the configuration file; off by default.
 */
final class WarmUpOption {

    /** The setting naming the number of warm-up turns. */
    static final String KEY = "CLUSTERNODE_WARM_UP";
    /** The turns {@code --warm-up} without a number (or the setting {@code true}) runs. */
    static final int DEFAULT_TURNS = 200;
    /** More turns than this only cost start-up time. */
    static final int MAX_TURNS = 1_000_000;

    @Option(names = "--warm-up", paramLabel = "N", arity = "0..1", fallbackValue = "" + DEFAULT_TURNS,
            description = "Before the first message, run N offline agent turns (simulated model, private memory;"
                    + " nothing reaches your model or memory) so the first answer does not pay class loading"
                    + " (" + KEY + "). --warm-up alone: " + DEFAULT_TURNS + " turns. Default: off.")
    String value;

    /**
     * The turns to run: the flag, else the setting; 0 when neither is given.
     *
     * @param command the command the option belongs to, for the usage error of a bad value
     */
    int turns(CommandSpec command, Settings settings) {
        String text = value != null ? value : settings.get(KEY).orElse("0");
        String source = value != null ? "--warm-up" : KEY;
        String stripped = text.strip().toLowerCase(Locale.ROOT);
        switch (stripped) {
            case "true", "yes", "on" -> {
                return DEFAULT_TURNS;
            }
            case "false", "no", "off", "" -> {
                return 0;
            }
            default -> {
                // parsed below
            }
        }
        try {
            int turns = Integer.parseInt(stripped.replace("_", ""));
            if (turns >= 0 && turns <= MAX_TURNS) {
                return turns;
            }
        } catch (NumberFormatException e) {
            // described below; the value itself is not echoed
        }
        throw new ParameterException(command.commandLine(), source + " takes a number of turns from 0 to "
                + MAX_TURNS + ", or true/false");
    }

    /**
     * Runs {@code turns} warm-up turns (none for 0) in an executor of their own; with {@code verbose}, says
     * how long they took.
     */
    static void run(int turns, boolean verbose, PrintWriter err) {
        if (turns == 0) {
            return;
        }
        try (ClusterNodeExecutor executor = new ClusterNodeExecutor()) {
            Duration took = executor.warmUp(turns);
            if (verbose) {
                err.println(String.format(Locale.ROOT, "[warm-up] %d offline agent turns in %.1f ms", turns,
                        took.toNanos() / 1e6));
                err.flush();
            }
        }
    }
}
