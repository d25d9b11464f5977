package io.clusternode.js;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.secret.Redaction;
import java.time.Duration;
import java.util.regex.Pattern;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/**
 * Turns what GraalJS throws into the message a workflow author can act on: the JavaScript error and where it
 * happened in their code (line and column as they wrote it, not as wrapped), never a host stack trace.
 */
final class JsErrors {

    /** GraalJS puts "name:line:column " before a syntax error's reason; the position is reported separately. */
    private static final Pattern SYNTAX_POSITION = Pattern.compile("^(\\w+: )?\\w+:\\d+:\\d+ ");

    private JsErrors() {
    }

    static NodeExecutionException timeout(Script script, Duration timeout) {
        return new NodeExecutionException(ErrorCode.EXPRESSION_ERROR, "the JavaScript " + script.kind().sourceName()
                + " ran longer than its time limit of " + describe(timeout) + " and was stopped");
    }

    /**
     * @param subject what produced the value, e.g. "the JavaScript code returned"
     * @param what    what it was, e.g. "a function"
     */
    static NodeExecutionException badResult(String subject, String what) {
        return new NodeExecutionException(ErrorCode.EXPRESSION_ERROR, subject + " " + what
                + ", which cannot be passed on; use a string, number, boolean, null, object or array");
    }

    static NodeExecutionException translate(PolyglotException e, Script script, long statementLimit) {
        String what = "the JavaScript " + script.kind().sourceName();
        if (e.isHostException()) {
            Throwable host = e.asHostException();
            if (host instanceof NodeExecutionException nodeError) {
                return nodeError;
            }
            return new NodeExecutionException(ErrorCode.EXPRESSION_ERROR, "a function called by " + what + " failed: "
                    + Redaction.line(host.getMessage() == null ? host.getClass().getSimpleName() : host.getMessage()));
        }
        if (e.isResourceExhausted()) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("Statement count limit")) {
                return new NodeExecutionException(ErrorCode.EXPRESSION_ERROR, what + " executed more than "
                        + statementLimit + " statements and was stopped (an endless loop?)");
            }
            return new NodeExecutionException(ErrorCode.EXPRESSION_ERROR, what + " ran out of memory and was stopped");
        }
        if (e.isCancelled()) {
            return new NodeExecutionException(ErrorCode.EXPRESSION_ERROR, what + " was cancelled");
        }
        if (e.isInternalError()) {
            return new NodeExecutionException(ErrorCode.EXPRESSION_ERROR, what + " failed inside the JavaScript engine: "
                    + Redaction.line(firstLine(e.getMessage())));
        }
        if (e.isSyntaxError()) {
            String reason = SYNTAX_POSITION.matcher(firstLine(e.getMessage())).replaceFirst("$1");
            return new NodeExecutionException(ErrorCode.EXPRESSION_ERROR, "JavaScript syntax error in the "
                    + script.kind().sourceName() + position(e.getSourceLocation(), script) + ": " + Redaction.line(reason));
        }
        return new NodeExecutionException(ErrorCode.EXPRESSION_ERROR, Redaction.line(firstLine(e.getMessage()))
                + " (in " + what + guestPosition(e, script) + ")");
    }

    /** Where in the user's code a runtime error happened: the innermost frame in their source. */
    private static String guestPosition(PolyglotException e, Script script) {
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            SourceSection section = frame.getSourceLocation();
            if (frame.isGuestFrame() && section != null
                    && script.kind().sourceName().equals(section.getSource().getName())) {
                return position(section, script);
            }
        }
        return "";
    }

    private static String position(SourceSection section, Script script) {
        if (section == null || !section.isAvailable() || !script.kind().sourceName().equals(section.getSource().getName())) {
            return "";
        }
        int line = section.getStartLine() - script.kind().lineOffset();
        int column = section.getStartColumn();
        if (line == 1 && script.kind().lineOffset() == 0) {
            column -= script.kind().head(script.names()).length();
        }
        int lines = (int) script.code().lines().count();
        if (line < 1 || column < 1 || line > Math.max(lines, 1)) {
            return " at its end";
        }
        return " at line " + line + ", column " + column;
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }
}
