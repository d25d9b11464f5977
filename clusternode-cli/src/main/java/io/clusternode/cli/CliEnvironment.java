package io.clusternode.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the CLI takes from the process it runs in. Passed in rather than read from {@link System} so that
 * tests run the real commands in-process with their own input, environment and home directory.
 *
 * @param in   where interactive chat reads the user's lines
 * @param env  environment variables (API keys, base URLs, defaults)
 * @param home the user's home directory, where the default configuration file lives
 */
public record CliEnvironment(InputStream in, Map<String, String> env, Path home) {

    public CliEnvironment {
        Objects.requireNonNull(in, "in");
        env = Map.copyOf(env);
        Objects.requireNonNull(home, "home");
    }

    /** The real process: standard input, the process environment and {@code user.home}. */
    public static CliEnvironment system() {
        return new CliEnvironment(System.in, System.getenv(), Path.of(System.getProperty("user.home")));
    }
}
