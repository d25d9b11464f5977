package io.clusternode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
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

    /** Writes a child's standard input. */
    interface StdinWriter {
        void write(OutputStream in) throws IOException;
    }

    /** Packages of the benchmark harness and its peers, which the product jar must not carry. */
    private static final List<String> NOT_SHIPPED = List.of("dev/langchain4j/", "org/openjdk/jmh/", "opennlp/",
            "org/apache/commons/math3/", "com/knuddels/jtokkit/", "io/clusternode/bench/");

    @Test
    void theJarHoldsTheProductAndNotItsBenchmarks() throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            jar.stream().map(JarEntry::getName)
                    .filter(name -> NOT_SHIPPED.stream().anyMatch(name::startsWith))
                    .forEach(found::add);
            assertThat(jar.getEntry("io/clusternode/cli/ClusterNodeCli.class")).isNotNull();
            assertThat(jar.getEntry("org/jline/reader/LineReader.class")).isNotNull();
        }
        assertThat(found).as("benchmark classes in the product jar").isEmpty();
        System.out.printf("clusternode.jar: %,d bytes%n", Files.size(JAR));
    }

    @Test
    void benchSaysWhereTheBenchmarksAre() throws Exception {
        Run run = run("bench", "--quick", "--scenario", "agent");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().asString()
                .contains("./clusternode bench").contains("docs/performance.md");
    }

    @Test
    void aHugeLineOnStandardInputIsRefusedWithinASmallHeap() throws Exception {
        byte[] block = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
        Run run = runWith(List.of("-Xmx48m"), in -> {
            for (int i = 0; i < 300; i++) {
                in.write(block);
            }
            in.write("\nWhat is 2+2?\n".getBytes(StandardCharsets.US_ASCII));
        }, "chat");

        assertThat(run.err()).doesNotContain("OutOfMemoryError").doesNotContain("\tat ")
                .contains("error: LIMIT_EXCEEDED: a message is longer than 1,000,000 characters")
                .contains("1 of 2 messages failed");
        assertThat(run.out()).isEqualTo("The result is 4." + System.lineSeparator());
        assertThat(run.code()).isEqualTo(1);
    }

    @Test
    void libraryLogsStayQuietUnlessVerbose() throws Exception {
        String unreachable = "postgresql://postgres@127.0.0.1:1/test";
        Run quiet = run("sessions", "list", "--memory", unreachable);
        assertThat(quiet.code()).isEqualTo(1);
        assertThat(quiet.err().strip().lines().toList()).as(quiet.err()).singleElement().asString()
                .startsWith("error: MEMORY_ERROR: ");

        Run verbose = run("sessions", "list", "--memory", unreachable, "--verbose");
        assertThat(verbose.code()).isEqualTo(1);
        assertThat(verbose.err()).startsWith("error: MEMORY_ERROR: ").contains("\tat ");
    }

    @Test
    void plantedPasswordsNeverReachTheOutput() throws Exception {
        String secret = SecretsInOutputTest.SECRET;
        for (String spec : SecretsInOutputTest.MEMORY_SPECS) {
            for (List<String> args : List.of(List.of("sessions", "show", "nosuch", "--memory", spec),
                    List.of("chat", "--memory", spec, "--verbose"))) {
                Run run = runWith(List.of(), in -> in.write("What is 2+2?\n".getBytes(StandardCharsets.UTF_8)),
                        args.toArray(String[]::new));
                assertThat(run.out() + run.err()).as("%s%n%s%s", args, run.out(), run.err()).doesNotContain(secret);
            }
        }
    }

    private Run run(String... args) throws IOException, InterruptedException {
        return runWith(List.of(), null, args);
    }

    /**
     * Runs the jar in a child JVM.
     *
     * @param jvmOptions options for the child JVM (e.g. a small heap)
     * @param stdin      writes the child's standard input (on its own thread), or null for none
     */
    private Run runWith(List<String> jvmOptions, StdinWriter stdin, String... args)
            throws IOException, InterruptedException {
        assertThat(JAR).as("the fat jar is built in the package phase").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
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
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    stdin.write(in);
                }
            } catch (IOException e) {
                // the CLI may exit before reading everything; its exit code and output tell
            }
        });
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the CLI finishes").isTrue();
        feeder.join();
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
