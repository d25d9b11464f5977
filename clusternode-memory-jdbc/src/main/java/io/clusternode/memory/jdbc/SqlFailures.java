package io.clusternode.memory.jdbc;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.secret.Redaction;
import java.net.SocketTimeoutException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/**
 * Turns a driver's exception into one bounded line a user can act on: its SQLState and class and the first
 * line of its message, redacted, never the SQL text (a batched INSERT would quote the user's messages) nor the
 * driver's detail lines (which quote row values).
 */
public final class SqlFailures {

    /** Longest driver message kept in an error. */
    public static final int MAX_MESSAGE = 200;

    private SqlFailures() {
    }

    /**
     * One line describing {@code e}: {@code "SQLState 22021 (PSQLException): invalid byte sequence ..."}.
     *
     * @param primary the driver's own short message when the dialect knows how to get it, or null to use the
     *                first line of the exception message
     */
    public static String summary(Throwable e, String primary) {
        Throwable shown = e;
        if (e instanceof BatchUpdateException batch && batch.getNextException() != null) {
            shown = batch.getNextException();
        }
        StringBuilder out = new StringBuilder();
        if (shown instanceof SQLException sql && sql.getSQLState() != null) {
            out.append("SQLState ").append(sql.getSQLState()).append(' ');
        }
        out.append('(').append(shown.getClass().getSimpleName()).append(')');
        String message = primary != null ? primary : firstLine(shown.getMessage());
        if (message != null && !message.isBlank() && !quotesSql(message)) {
            out.append(": ").append(Redaction.line(message, MAX_MESSAGE));
        }
        return out.toString();
    }

    /** Whether a failure is a timeout (connect, login, socket read or pool wait) rather than a refusal. */
    public static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof SQLTimeoutException
                    || t instanceof SQLTransientConnectionException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains("timed out")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** A {@code MEMORY_ERROR} (or {@code TIMEOUT}) for {@code what} failing at {@code where}. */
    public static NodeExecutionException failure(String where, String what, Exception e, String primary) {
        if (e instanceof NodeExecutionException known) {
            return known;
        }
        ErrorCode code = isTimeout(e) ? ErrorCode.TIMEOUT : ErrorCode.MEMORY_ERROR;
        return new NodeExecutionException(code, where + ": " + what + ": " + summary(e, primary), null);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static boolean quotesSql(String message) {
        String upper = message.toUpperCase(Locale.ROOT);
        return upper.contains("INSERT INTO") || upper.contains("BATCH ENTRY")
                || (upper.contains("UPDATE ") && upper.contains(" SET "))
                || (upper.contains("SELECT ") && upper.contains(" FROM "));
    }
}
