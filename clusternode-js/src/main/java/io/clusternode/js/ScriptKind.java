package io.clusternode.js;

import java.util.List;

/**
 * How user code is wrapped into a function whose parameters are the binding names. An expression follows
 * {@code return } on the wrapper's first line (parentheses would make every error point at them, and a line
 * break after {@code return} would return undefined); a body starts on the second line.
 */
enum ScriptKind {
    EXPRESSION("expression", "(function(%s) {return ", "\n})", 0),
    FUNCTION_BODY("code", "(function(%s) {\n", "\n})", 1),
    ASYNC_FUNCTION_BODY("code", "(async function(%s) {\n", "\n})", 1);

    private final String sourceName;
    private final String head;
    private final String tail;
    private final int lineOffset;

    ScriptKind(String sourceName, String head, String tail, int lineOffset) {
        this.sourceName = sourceName;
        this.head = head;
        this.tail = tail;
        this.lineOffset = lineOffset;
    }

    /** The source name JavaScript reports in positions; also what messages call the code. */
    String sourceName() {
        return sourceName;
    }

    /** Lines the wrapper puts before the user's first line. */
    int lineOffset() {
        return lineOffset;
    }

    String head(List<String> names) {
        return head.formatted(String.join(", ", names));
    }

    String wrap(String code, List<String> names) {
        return head(names) + code + tail;
    }
}
