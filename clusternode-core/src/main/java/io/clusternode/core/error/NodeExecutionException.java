package io.clusternode.core.error;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one error family of ClusterNode. Every failure a user can act on carries a stable {@link ErrorCode}
 * and a message that says what went wrong and, where possible, what to do about it. Messages never hold
 * secrets such as API keys.
 */
public class NodeExecutionException extends RuntimeException {

    private final ErrorCode code;

    public NodeExecutionException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** An error caused by {@code cause} (null when there is none to keep). */
    public NodeExecutionException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    /** Whether retrying the same request later may succeed. */
    public boolean isTransient() {
        return code.isTransient();
    }

    /** One readable line: {@code CODE: message}. */
    // The message stays the plain text (callers put it in sentences); toString is the one line users see.
    @SuppressWarnings("OverrideThrowableToString")
    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
