package io.clusternode.js;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.secret.Redaction;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs JavaScript the way n8n does for {@code {{ }}} expressions and Code nodes, in a sandbox: no host class
 * access, no IO, no threads, no processes, no native access, no environment, and a statement and a time limit
 * so no code can hang or escape. Thread-safe; share one instance.
 *
 * <p>All sandboxes share one GraalJS engine per JVM, started on the first evaluation (not when this class
 * loads: seconds and about 60 MB of classes that a process which never evaluates JavaScript does not pay). Evaluations
 * borrow a context from a small pool, so a warm evaluation costs microseconds.
 *
 * <p>Binding values may be null, {@code String}, {@code Boolean}, {@code Number}, {@code List},
 * {@code Map<String, ?>}, Jackson {@code JsonNode} and {@link JsFunction}, nested freely. JavaScript receives
 * plain JavaScript copies: it reads them naturally ({@code $json.a.b}, {@code Array.isArray},
 * {@code JSON.stringify}, {@code Object.keys}) and may change its copies, never the caller's values. Results
 * come back as plain Java: null, {@code String}, {@code Boolean}, {@code Long} (integral numbers),
 * {@code Double}, {@code List}, {@code LinkedHashMap<String, Object>} (JavaScript dates as ISO strings).
 *
 * <p>{@code $now}, {@code $today} and {@code DateTime} are always available (a subset of Luxon's
 * {@code DateTime}; see the project's JavaScript documentation); a binding of the same name replaces them.
 */
public final class JsSandbox {

    private static final class Shared {
        static final JsSandbox INSTANCE = new JsSandbox(Limits.defaults());
    }

    private final Limits limits;
    private final ReentrantLock startLock = new ReentrantLock();
    private volatile ContextPool pool;

    private JsSandbox(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The sandbox with {@link Limits#defaults()}, shared by the whole JVM. Does not start GraalJS. */
    public static JsSandbox shared() {
        return Shared.INSTANCE;
    }

    /**
     * A sandbox with its own limits and context pool on the JVM's one GraalJS engine. Does not start GraalJS.
     * Prefer {@link #shared()}: each sandbox keeps its own idle contexts.
     */
    public static JsSandbox create(Limits limits) {
        return new JsSandbox(limits);
    }

    /** The limits this sandbox applies to every evaluation. */
    public Limits limits() {
        return limits;
    }

    /** Whether this sandbox has started JavaScript (true after its first evaluation). */
    public boolean started() {
        return pool != null;
    }

    /**
     * Evaluates one JavaScript expression, the inside of an n8n {@code {{ }}} block, e.g.
     * {@code $json.a.b || 'none'}. Surrounding blanks and trailing semicolons are ignored; a blank expression
     * is null.
     *
     * @param expression the JavaScript expression
     * @param bindings   global names the expression sees (valid JavaScript identifiers); may be empty
     * @return the value as plain Java (see the class description)
     * @throws NodeExecutionException {@code EXPRESSION_ERROR} on a syntax error, a runtime error, the time or
     *                                statement limit, or a result JSON cannot hold (a function, a cyclic
     *                                object), with the JavaScript message and position; {@code INVALID_INPUT} for
     *                                a binding name that is not an identifier or a value of an unsupported type
     */
    public Object evaluate(String expression, Map<String, ?> bindings) {
        Objects.requireNonNull(expression, "expression");
        String code = trimExpression(expression);
        if (code.isBlank()) {
            return null;
        }
        return execute(ScriptKind.EXPRESSION, code, bindings);
    }

    /**
     * Runs a function body, as an n8n Code node or {@code toolCode} holds it: statements ending with
     * {@code return ...}. A body that uses {@code await} runs as an async function and its promise is awaited.
     * A body without {@code return} yields null.
     *
     * @param functionBody the statements
     * @param bindings     global names the code sees (valid JavaScript identifiers); may be empty
     * @return the returned value as plain Java (see the class description)
     * @throws NodeExecutionException as {@link #evaluate}
     */
    public Object run(String functionBody, Map<String, ?> bindings) {
        Objects.requireNonNull(functionBody, "functionBody");
        return execute(ScriptKind.FUNCTION_BODY, functionBody, bindings);
    }

    private Object execute(ScriptKind kind, String code, Map<String, ?> bindings) {
        Objects.requireNonNull(bindings, "bindings");
        // Only the names the code mentions are bound: converting a value costs time in proportion to its size,
        // and an unused $input or $('Node') should cost nothing.
        List<String> names = new ArrayList<>(bindings.size());
        List<Object> values = new ArrayList<>(bindings.size());
        for (Map.Entry<String, ?> binding : bindings.entrySet()) {
            String name = binding.getKey();
            if (!isIdentifier(name)) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT,
                        "a JavaScript binding name must be an identifier (letters, digits, _ or $, not starting with a digit)");
            }
            if (mentions(code, name)) {
                names.add(name);
                values.add(binding.getValue());
            }
        }
        if (kind == ScriptKind.FUNCTION_BODY && code.contains("await")) {
            kind = ScriptKind.ASYNC_FUNCTION_BODY;
        }
        return pool().execute(new Script(kind, code, List.copyOf(names)), values);
    }

    private ContextPool pool() {
        ContextPool current = pool;
        if (current != null) {
            return current;
        }
        startLock.lock();
        try {
            if (pool == null) {
                pool = new ContextPool(limits);
            }
            return pool;
        } catch (LinkageError | InternalError e) {
            // A broken installation (a fat jar without its multi-release classes, a missing GraalJS jar) says so
            // on every evaluation instead of throwing a class-loading error into the workflow.
            throw new NodeExecutionException(ErrorCode.INTERNAL, "JavaScript cannot start: "
                    + Redaction.line(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } finally {
            startLock.unlock();
        }
    }

    /**
     * Whether the code contains the name as a whole word ({@code $} in {@code $('Node')} but not in
     * {@code $json}). Text inside strings and comments counts too: binding one name too many is harmless.
     */
    private static boolean mentions(String code, String name) {
        for (int at = code.indexOf(name); at >= 0; at = code.indexOf(name, at + 1)) {
            int end = at + name.length();
            if ((at == 0 || !isIdentifierPart(code.charAt(at - 1)))
                    && (end == code.length() || !isIdentifierPart(code.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIdentifierPart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
                || c == '\\' || c > 0x7f;
    }

    /** An ASCII JavaScript identifier: letters, digits, {@code _} and {@code $}, not starting with a digit. */
    private static boolean isIdentifier(String name) {
        if (name == null || name.isEmpty() || (name.charAt(0) >= '0' && name.charAt(0) <= '9')) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' || c > 0x7f || !isIdentifierPart(c)) {
                return false;
            }
        }
        return true;
    }

    /** The expression without surrounding blanks and trailing semicolons ({@code {{ $json.a; }}}). */
    private static String trimExpression(String expression) {
        int start = 0;
        int end = expression.length();
        while (start < end && Character.isWhitespace(expression.charAt(start))) {
            start++;
        }
        while (end > start && (expression.charAt(end - 1) == ';' || Character.isWhitespace(expression.charAt(end - 1)))) {
            end--;
        }
        return expression.substring(start, end);
    }

    /**
     * What a sandbox allows one evaluation.
     *
     * @param timeout         wall time after which an evaluation is stopped
     * @param statementLimit  JavaScript statements one evaluation may execute (an endless loop hits it fast)
     * @param maxIdleContexts contexts kept ready for reuse; more are created under load and closed after
     * @param zone            the time zone of {@code Date}, {@code $now} and {@code $today}
     */
    public record Limits(Duration timeout, long statementLimit, int maxIdleContexts, ZoneId zone) {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
        public static final long DEFAULT_STATEMENT_LIMIT = 50_000_000L;

        /**
         * @throws NodeExecutionException {@code INVALID_INPUT} for a non-positive timeout, statement limit or a
         *                                negative idle context count
         */
        public Limits {
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(zone, "zone");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "the JavaScript time limit must be positive");
            }
            if (statementLimit <= 0) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "the JavaScript statement limit must be positive");
            }
            if (maxIdleContexts < 0) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "the idle JavaScript context count must not be negative");
            }
        }

        /**
         * 10 s, 50 million statements (about 5 s of plain loop work), up to twice the processor count (at
         * least 4) idle contexts, the JVM's default time zone.
         */
        public static Limits defaults() {
            return new Limits(DEFAULT_TIMEOUT, DEFAULT_STATEMENT_LIMIT,
                    Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), ZoneId.systemDefault());
        }

        public Limits withTimeout(Duration newTimeout) {
            return new Limits(newTimeout, statementLimit, maxIdleContexts, zone);
        }

        public Limits withStatementLimit(long newStatementLimit) {
            return new Limits(timeout, newStatementLimit, maxIdleContexts, zone);
        }

        public Limits withZone(ZoneId newZone) {
            return new Limits(timeout, statementLimit, maxIdleContexts, newZone);
        }

        public Limits withMaxIdleContexts(int newMaxIdleContexts) {
            return new Limits(timeout, statementLimit, newMaxIdleContexts, zone);
        }
    }
}
