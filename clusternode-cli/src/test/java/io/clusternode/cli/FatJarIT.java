package io.clusternode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as users run it: the shaded jar in a child JVM, one process per command, so that service files,
 * the manifest, logging configuration and persistence across processes are all exercised for real.
 */
class FatJarIT {

    private static final Path JAR = Path.of("target", "clusternode.jar");

    @TempDir
    Path home;

    record Run(int code, String out, String err) {
    }

    private Run run(String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("the fat jar is built in the package phase").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HOME", home.toString());
        builder.environment().remove("DEEPSEEK_API_KEY");
        builder.environment().remove("OPENAI_API_KEY");
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the CLI finishes").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void oneShotChatAnswersWithTheCalculatorOnEmbeddedDefaults() throws Exception {
        Run run = run("chat", "-m", "What is 12 * 7?");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("84");
        assertThat(run.err()).contains("simulated").doesNotContain("WARNING").doesNotContain("Exception");
    }

    @Test
    void versionAndUsageErrors() throws Exception {
        Run version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).containsPattern("\\d+\\.\\d+\\.\\d+");

        Run usage = run("chat", "--no-such-option");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("--no-such-option");

        Run failure = run("chat", "--model", "nope:model", "-m", "hi");
        assertThat(failure.code()).isEqualTo(1);
        assertThat(failure.err().strip().lines().filter(l -> !l.startsWith("note:")).toList())
                .singleElement().asString().startsWith("error: UNKNOWN_NODE:");
    }

    @Test
    void sqliteHistorySurvivesBetweenProcessesAndSessionsCanBeInspected() throws Exception {
        String memory = "sqlite:" + home.resolve("chat.db");

        assertThat(run("chat", "--memory", memory, "--session", "alice", "-m", "My name is Alice").code()).isZero();
        Run second = run("chat", "--memory", memory, "--session", "alice", "-m", "What did I tell you?");
        assertThat(second.code()).isZero();
        assertThat(second.out()).contains("I received 2 earlier conversation messages");

        Run list = run("sessions", "list", "--memory", memory);
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("alice");
        Run show = run("sessions", "show", "alice", "--memory", memory);
        assertThat(show.out()).contains("My name is Alice").contains("What did I tell you?");
        assertThat(run("sessions", "clear", "alice", "--memory", memory).code()).isZero();
        assertThat(run("sessions", "show", "alice", "--memory", memory).code()).isEqualTo(1);
    }
}
