package io.clusternode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive chat on a terminal, driven for real: JLine on a dumb terminal over pipes, the keys a user
 * types written into it, Ctrl-C raised as a terminal raises it (the signal its line discipline sends), answers
 * read from the command's output.
 */
class TerminalChatTest {

    @TempDir
    Path home;

    /**
     * The keyboard: a queue of bytes rather than a {@link java.io.PipedInputStream}, which fails its writer once
     * the thread that last read it has ended (as the terminal's reading threads do).
     */
    private final BlockingQueue<Integer> keys = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicReference<Terminal> terminal = new AtomicReference<>();
    private CompletableFuture<Integer> exit;

    private void start(String... args) throws IOException {
        InputStream input = new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    return keys.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                int first = read();
                if (first < 0) {
                    return -1;
                }
                buffer[offset] = (byte) first;
                int n = 1;
                Integer next;
                while (n < length && (next = keys.peek()) != null && next >= 0) {
                    buffer[offset + n++] = (byte) (int) keys.poll();
                }
                return n;
            }

            @Override
            public int available() {
                return keys.size();
            }
        };
        CliEnvironment environment = new CliEnvironment(java.io.InputStream.nullInputStream(), Map.of(), home, () -> {
            Terminal opened = TerminalBuilder.builder().system(false).streams(input, screen).type("dumb")
                    .encoding(StandardCharsets.UTF_8).build();
            terminal.set(opened);
            return opened;
        });
        exit = CompletableFuture.supplyAsync(() -> ClusterNodeCli.commandLine(environment,
                new PrintWriter(out, true), new PrintWriter(err, true)).execute(args));
    }

    private void type(String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            keys.add(b & 0xff);
        }
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void endOfKeys() {
        keys.add(-1);
    }

    @Test
    void promptsAnswersCancelsWithCtrlCKeepsHistoryAndQuitsWithCtrlD() throws Exception {
        start("chat", "--model", "reasoning-test");
        await("the prompt", () -> screen().contains(TerminalChat.PROMPT));
        assertThat(err.toString()).contains("ClusterNode chat - model reasoning-test, memory window");

        type("What is 6 * 7?\r");
        await("the first answer", () -> out.toString().contains("Forty-two."));

        // A slow answer, cancelled with Ctrl-C: the session goes on.
        type("slow\r");
        await("the slow turn to start", () -> screen().contains("slow"));
        Thread.sleep(300);
        terminal.get().raise(Terminal.Signal.INT);
        await("the cancellation", () -> err.toString().contains("[cancelled]"));
        assertThat(exit).isNotDone();

        type("What is 6 * 7?\r");
        await("the second answer", () -> out.toString().lines().filter("Forty-two."::equals).count() == 2);

        type("\u0004");
        assertThat(exit.get(30, TimeUnit.SECONDS)).as("Ctrl-D quits; a cancelled turn is not a failure").isZero();
        Path history = home.resolve(".clusternode/history");
        assertThat(history).exists();
        assertThat(Files.readString(history)).contains("What is 6 * 7?").contains("slow");
    }

    @Test
    void aFailedTurnIsSummarisedAtTheEndAndTheExitCodeSaysSo() throws Exception {
        start("chat", "--model", "reasoning-test");
        await("the prompt", () -> screen().contains(TerminalChat.PROMPT));

        type("break\r");
        await("the failure", () -> err.toString().contains("error: MODEL_UNAVAILABLE"));
        type("/exit\r");

        assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("Half an ans" + System.lineSeparator());
        assertThat(err.toString()).contains(Conversation.INCOMPLETE).contains("1 of 1 message failed");
    }
}
