package io.clusternode.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.Terminal.Signal;
import org.jline.terminal.Terminal.SignalHandler;

/**
 * The interactive chat on a terminal (JLine): line editing, history kept in a file across sessions, Ctrl-C
 * cancels the answer in progress (or clears the line being typed) and keeps the session, Ctrl-D on an empty
 * line quits.
 */
final class TerminalChat {

    /** The prompt, on the terminal only: stdout carries nothing but answers when redirected. */
    static final String PROMPT = "> ";

    /** How long a cancelled turn may take to stop before the prompt comes back without it. */
    private static final long CANCEL_GRACE_MILLIS = 2000;

    private TerminalChat() {
    }

    /**
     * Runs the session until Ctrl-D or {@code /exit}.
     *
     * @param terminal     the terminal the user types on
     * @param historyFile  where the history is kept (its directory is created when missing)
     * @param conversation what each line is given to
     * @param err          where cancellations are reported
     * @return the exit code of the session ({@link Conversation#finish()})
     */
    static int run(Terminal terminal, Path historyFile, Conversation conversation, PrintWriter err) {
        try {
            Files.createDirectories(historyFile.toAbsolutePath().getParent());
        } catch (IOException e) {
            err.println("note: no history file (" + historyFile.getParent() + " cannot be created)");
        }
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("clusternode")
                .variable(LineReader.HISTORY_FILE, historyFile)
                // '!' is ordinary text in a chat message, not a history reference.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return conversation.finish();
                }
                if (turn(terminal, conversation, line, err) == Conversation.Outcome.EXIT) {
                    return conversation.finish();
                }
            }
        } finally {
            try {
                reader.getHistory().save();
            } catch (IOException | RuntimeException e) {
                err.println("note: the history could not be saved to " + historyFile);
            }
        }
    }

    /** Runs one line on its own thread, so that Ctrl-C can cancel it while this thread waits. */
    private static Conversation.Outcome turn(Terminal terminal, Conversation conversation, String line,
                                             PrintWriter err) {
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<Conversation.Outcome> done = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("chat-turn").unstarted(() -> {
            try {
                done.complete(conversation.line(line, cancelled::get));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        SignalHandler previous = terminal.handle(Signal.INT, signal -> {
            if (cancelled.compareAndSet(false, true)) {
                worker.interrupt();
            }
        });
        try {
            worker.start();
            long cancelledAt = 0;
            while (true) {
                try {
                    return done.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (cancelled.get()) {
                        long now = System.nanoTime();
                        cancelledAt = cancelledAt == 0 ? now : cancelledAt;
                        if (now - cancelledAt > TimeUnit.MILLISECONDS.toNanos(CANCEL_GRACE_MILLIS)) {
                            // The model call ignores interruption; its answer, when it comes, is not printed.
                            err.println("[cancelled]");
                            err.flush();
                            return Conversation.Outcome.CONTINUE;
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.interrupt();
            return Conversation.Outcome.EXIT;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        } finally {
            terminal.handle(Signal.INT, previous);
        }
    }
}
