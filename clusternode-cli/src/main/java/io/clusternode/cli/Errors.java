package io.clusternode.cli;

import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.secret.Redaction;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * How the CLI reports a failure: one {@code error: CODE: message} line, and with {@code --verbose} the stack
 * trace. Everything goes through {@link Redaction}, so a URL with a password inside a driver's message or a
 * stack trace is printed without it.
 */
final class Errors {

    /** Longest error message printed: long enough for any hint, short enough to stay one line. */
    private static final int MAX_MESSAGE = 1000;

    private Errors() {
    }

    /** Prints a failure: its code and message, then the stack trace when verbose. */
    static void print(Exception e, boolean verbose, PrintWriter err) {
        if (e instanceof NodeExecutionException node) {
            err.println("error: " + node.code() + ": " + Redaction.line(node.getMessage(), MAX_MESSAGE));
        } else {
            err.println("error: INTERNAL: unexpected " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + Redaction.line(e.getMessage(), MAX_MESSAGE))
                    + (verbose ? "" : " (--verbose shows the stack trace)"));
        }
        if (verbose) {
            stackTrace(e, err);
        }
        err.flush();
    }

    /** The stack trace with every line redacted (exception messages in it may quote connection URLs). */
    static void stackTrace(Throwable e, PrintWriter err) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        trace.toString().lines().forEach(line -> {
            String indent = line.substring(0, line.length() - line.stripLeading().length());
            err.println(indent + Redaction.line(line, MAX_MESSAGE));
        });
    }

    /** User text quoted in a message: one line, at most 60 characters. */
    static String shorten(String text) {
        return Redaction.line(text, 60);
    }
}
