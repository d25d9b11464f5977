package io.clusternode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plants a password or key in every place a user can put one (memory specs for each backend, model base
 * URLs, settings that should hold something else) through every source (flag, environment, configuration
 * file), runs the real commands on their failing and succeeding paths, with and without --verbose, and
 * requires that the planted value appears nowhere: not in stdout, stderr, nor anything logged to the
 * process's own streams (where the logging goes).
 */
class SecretsInOutputTest {

    static final String SECRET = "pw-SECRET-7f3a";

    @TempDir
    static Path dir;

    /** Where the secret is planted. */
    enum Source { FLAG, ENVIRONMENT, CONFIG_FILE }

    /**
     * One way to hit a path.
     *
     * @param name     what the case is, for the report
     * @param source   where the value comes from
     * @param key      the setting (environment variable or config key) holding the value; for FLAG, the flag
     * @param value    the value with the secret in it
     * @param extraEnv other settings the case needs (not secret)
     * @param command  the command line, without the value's flag
     * @param stdin    standard input
     */
    record Case(String name, Source source, String key, String value, Map<String, String> extraEnv,
                List<String> command, String stdin) {
        @Override
        public String toString() {
            return name + " via " + source + " " + String.join(" ", command);
        }
    }

    static final List<String> MEMORY_SPECS = List.of(
            "postgresql://postgres:" + SECRET + "@127.0.0.1:5432/test",
            "postgresql://postgres:" + SECRET + "@127.0.0.1:1/test",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=" + SECRET,
            "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=" + SECRET,
            "redis://:" + SECRET + "@127.0.0.1:6379",
            "redis://default:" + SECRET + "@127.0.0.1:6379",
            "redis://default:" + SECRET + "@127.0.0.1:1",
            "sqlite:" + "/nonexistent-dir/chat.db?password=" + SECRET);

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        List<List<String>> memoryCommands = List.of(
                List.of("sessions", "show", "nosuch"),
                List.of("sessions", "list"),
                List.of("chat", "-m", "What is 2+2?"),
                List.of("chat"));
        for (String spec : MEMORY_SPECS) {
            for (Source source : Source.values()) {
                for (List<String> command : memoryCommands) {
                    // Every command with the flag; the other sources reach the same code through the settings,
                    // so two commands suffice there (an unreachable server costs seconds per run).
                    if (source != Source.FLAG && (command.equals(memoryCommands.get(1))
                            || command.equals(memoryCommands.get(2)))) {
                        continue;
                    }
                    cases.add(new Case("memory " + spec.substring(0, spec.indexOf(':')), source,
                            source == Source.FLAG ? "--memory" : "CLUSTERNODE_MEMORY", spec, Map.of(), command,
                            "/exit\n"));
                }
            }
        }
        List<String> chat = List.of("chat", "-m", "hi");
        for (Source source : List.of(Source.ENVIRONMENT, Source.CONFIG_FILE)) {
            cases.add(new Case("deepseek base URL with user info", source, "DEEPSEEK_BASE_URL",
                    "http://user:" + SECRET + "@127.0.0.1:1/v1",
                    Map.of("DEEPSEEK_API_KEY", "sk-test", "DEEPSEEK_MAX_RETRIES", "0"),
                    withModel(chat, "deepseek:deepseek-chat"), ""));
            cases.add(new Case("openai base URL with user info", source, "OPENAI_BASE_URL",
                    "http://user:" + SECRET + "@127.0.0.1:1/v1",
                    Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_MAX_RETRIES", "0"),
                    withModel(chat, "openai:gpt-4o-mini"), ""));
            cases.add(new Case("a key put in the base URL", source, "DEEPSEEK_BASE_URL", "sk-" + SECRET,
                    Map.of("DEEPSEEK_API_KEY", "sk-test", "DEEPSEEK_MAX_RETRIES", "0"),
                    withModel(chat, "deepseek:deepseek-chat"), ""));
            cases.add(new Case("a key put in the timeout", source, "DEEPSEEK_TIMEOUT_SECONDS", "sk-" + SECRET,
                    Map.of("DEEPSEEK_API_KEY", "sk-test"), withModel(chat, "deepseek:deepseek-chat"), ""));
            cases.add(new Case("a key put in the message limit", source, "CLUSTERNODE_MAX_MESSAGE_CHARS",
                    "sk-" + SECRET, Map.of(), chat, ""));
        }
        return cases.stream();
    }

    private static List<String> withModel(List<String> command, String model) {
        List<String> args = new ArrayList<>(command);
        args.add("--model");
        args.add(model);
        return args;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void thePlantedSecretIsNeverPrinted(Case c) throws IOException {
        for (boolean verbose : new boolean[] {false, true}) {
            List<String> args = new ArrayList<>(c.command());
            Map<String, String> env = new HashMap<>(c.extraEnv());
            switch (c.source()) {
                case FLAG -> {
                    args.add(c.key());
                    args.add(c.value());
                }
                case ENVIRONMENT -> env.put(c.key(), c.value());
                case CONFIG_FILE -> {
                    Path config = Files.createTempFile(dir, "config", ".properties");
                    Files.writeString(config, c.key() + "=" + c.value().replace("\\", "\\\\") + "\n");
                    args.add("--config");
                    args.add(config.toString());
                }
            }
            if (verbose) {
                args.add("--verbose");
            }
            String printed = runCapturingProcessStreams(env, c.stdin(), args);
            assertThat(printed).as("output of %s%s:%n%s", c, verbose ? " --verbose" : "", printed)
                    .doesNotContain(SECRET);
        }
    }

    /** Runs in-process; what the command prints and what is logged to System.out/err, together. */
    private static String runCapturingProcessStreams(Map<String, String> env, String stdin, List<String> args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream process = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(process, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            CliRunner.Result result = new CliRunner(dir, env).runWithInput(stdin, args.toArray(String[]::new));
            return "[exit " + result.code() + "]\n" + result.out() + result.err()
                    + process.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
