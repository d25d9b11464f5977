package io.clusternode.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * What the CLI takes from the process it runs in. Passed in rather than read from {@link System} so that
 * tests run the real commands in-process with their own input, environment, home directory and terminal.
 *
 * @param in       where interactive chat reads the user's lines when there is no terminal
 * @param env      environment variables (API keys, base URLs, defaults)
 * @param home     the user's home directory, where the default configuration file and the chat history live
 * @param terminal opens the terminal the interactive chat edits lines on; null when standard input is not a
 *                 terminal (a pipe or a file), in which case lines are read from {@code in} with no prompt
 */
public record CliEnvironment(InputStream in, Map<String, String> env, Path home, TerminalOpener terminal) {

    /** Opens the interactive terminal. */
    @FunctionalInterface
    public interface TerminalOpener {
        /**
         * Opens the terminal.
         *
         * @return a terminal the caller closes
         * @throws IOException when the terminal cannot be set up
         */
        Terminal open() throws IOException;
    }

    public CliEnvironment {
        Objects.requireNonNull(in, "in");
        env = Map.copyOf(env);
        Objects.requireNonNull(home, "home");
    }

    /** An environment without a terminal: lines come from {@code in}. */
    public CliEnvironment(InputStream in, Map<String, String> env, Path home) {
        this(in, env, home, null);
    }

    /**
     * The real process: standard input, the process environment and {@code user.home}; the system terminal
     * when standard input and output are both terminals.
     */
    public static CliEnvironment system() {
        TerminalOpener terminal = isTerminal() ? () -> TerminalBuilder.builder().system(true).build() : null;
        return new CliEnvironment(System.in, System.getenv(), Path.of(System.getProperty("user.home")), terminal);
    }

    /**
     * Whether this process talks to a terminal. On Java 21 {@link System#console()} is null unless both
     * standard input and output are terminals; from Java 22 it always exists and {@code Console.isTerminal()}
     * (looked up by reflection, since the code is compiled for 21) answers instead.
     */
    @SuppressWarnings("SystemConsoleNull") // null is Java 21's answer; 22+ is asked isTerminal() below
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
