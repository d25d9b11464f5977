package io.clusternode.cli;

import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.StreamListener;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * One chat conversation as the CLI runs it: each user line is a chat command ({@code /help}, {@code /clear},
 * {@code /exit}) or a message whose answer streams to {@code out}; failures are reported on {@code err} and
 * counted, so an interactive session can end with a summary and a non-zero exit code.
 */
final class Conversation {

    /** What is printed on stderr when a turn fails after part of its answer reached stdout. */
    static final String INCOMPLETE = "[answer incomplete]";

    static final String CHAT_HELP = """
            /help   show this help
            /clear  forget this session's history
            /exit   quit (end of input, or Ctrl-D on a terminal, quits too)""";

    /** What a line asked for. */
    enum Outcome { CONTINUE, EXIT }

    private final AiAgent agent;
    private final MemoryProvider memory;
    private final AgentConfig config;
    private final String session;
    private final int maxChars;
    private final boolean verbose;
    private final PrintWriter out;
    private final PrintWriter err;
    private int messages;
    private int failures;

    Conversation(AiAgent agent, MemoryProvider memory, AgentConfig config, String session, int maxChars,
                 boolean verbose, PrintWriter out, PrintWriter err) {
        this.agent = agent;
        this.memory = memory;
        this.config = config;
        this.session = session;
        this.maxChars = maxChars;
        this.verbose = verbose;
        this.out = out;
        this.err = err;
    }

    /**
     * Handles one line of an interactive session: a chat command, or a message to answer. A failed message
     * is reported and counted; the conversation goes on.
     *
     * @param line      the user's line
     * @param cancelled true once the user asked to cancel the turn in progress (Ctrl-C); from then on nothing
     *                  more of its answer is printed
     */
    Outcome line(String line, BooleanSupplier cancelled) {
        String text = line.strip();
        if (text.isEmpty()) {
            return Outcome.CONTINUE;
        }
        switch (text) {
            case "/exit", "/quit" -> {
                return Outcome.EXIT;
            }
            case "/help" -> err.println(CHAT_HELP);
            case "/clear" -> {
                memory.clear(session);
                err.println("session '" + session + "' cleared");
            }
            default -> {
                if (text.startsWith("/")) {
                    err.println("unknown chat command '" + Errors.shorten(text) + "'; /help lists the commands");
                } else {
                    try {
                        turn(line, cancelled);
                    } catch (NodeExecutionException e) {
                        if (cancelled.getAsBoolean()) {
                            err.println("[cancelled]");
                        } else {
                            failures++;
                            Errors.print(e, verbose, err);
                        }
                    }
                }
            }
        }
        err.flush();
        return Outcome.CONTINUE;
    }

    /** The longest message accepted, in characters. */
    int maxChars() {
        return maxChars;
    }

    /** Reports a line longer than the limit (already dropped by the reader) as a failed message. */
    void tooLong() {
        messages++;
        failures++;
        Errors.print(tooLongError(maxChars), verbose, err);
        err.flush();
    }

    static NodeExecutionException tooLongError(int maxChars) {
        return new NodeExecutionException(ErrorCode.LIMIT_EXCEEDED, String.format(Locale.ROOT,
                "a message is longer than %,d characters; the limit is set by %s", maxChars,
                ChatCommand.MAX_MESSAGE_KEY));
    }

    /**
     * Runs one message through the agent, printing the answer as it streams in. When the turn fails after
     * part of the answer was printed, the line is ended and {@value #INCOMPLETE} goes to stderr before the
     * exception is rethrown.
     *
     * @throws NodeExecutionException when the run fails (or was cancelled)
     */
    void turn(String text, BooleanSupplier cancelled) {
        messages++;
        if (text.length() > maxChars) {
            throw tooLongError(maxChars);
        }
        // Reasoning models think before they answer: the thinking streams to stderr so stdout holds only the
        // answer, and a line break separates the two when the answer starts.
        boolean[] reasoningOpen = {false};
        boolean[] answered = {false};
        StreamListener listener = new StreamListener() {
            @Override
            public void onContent(String delta) {
                if (cancelled.getAsBoolean()) {
                    return;
                }
                closeReasoning();
                answered[0] = true;
                out.print(delta);
                out.flush();
            }

            @Override
            public void onReasoning(String delta) {
                if (cancelled.getAsBoolean()) {
                    return;
                }
                if (!reasoningOpen[0]) {
                    err.print("[reasoning] ");
                    reasoningOpen[0] = true;
                }
                err.print(delta);
                err.flush();
            }

            private void closeReasoning() {
                if (reasoningOpen[0]) {
                    err.println();
                    err.flush();
                    reasoningOpen[0] = false;
                }
            }
        };
        AgentResponse response;
        try {
            response = agent.execute(List.of(Message.user(text)), config, listener);
        } catch (RuntimeException e) {
            if (answered[0]) {
                out.println();
                out.flush();
                err.println(INCOMPLETE);
            }
            throw e;
        } finally {
            if (reasoningOpen[0]) {
                err.println();
                err.flush();
            }
        }
        if (cancelled.getAsBoolean()) {
            // Finished just as the user cancelled it: the answer was not shown, so the turn counts as cancelled.
            throw new NodeExecutionException(ErrorCode.CANCELLED, "the answer was cancelled");
        }
        out.println();
        out.flush();
        if (verbose) {
            ChatCommand.printDetails(response, err);
        }
    }

    /**
     * Ends an interactive session: when messages failed, says how many on stderr.
     *
     * @return the exit code: 0 when every message was answered, 1 otherwise
     */
    int finish() {
        if (failures == 0) {
            return ClusterNodeCli.EXIT_OK;
        }
        err.println(failures + " of " + messages + (messages == 1 ? " message" : " messages") + " failed");
        err.flush();
        return ClusterNodeCli.EXIT_FAILURE;
    }
}
