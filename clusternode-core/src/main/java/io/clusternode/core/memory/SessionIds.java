package io.clusternode.core.memory;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import org.jspecify.annotations.Nullable;

/** The one rule for session ids, shared by every memory backend. */
public final class SessionIds {

    /** Longest accepted session id, in UTF-16 chars. */
    public static final int MAX_LENGTH = 256;

    private SessionIds() {
    }

    /**
     * Returns the id if it is 1..{@value #MAX_LENGTH} characters with no control characters.
     *
     * @throws NodeExecutionException with {@code INVALID_SESSION_ID} otherwise (null included)
     */
    public static String requireValid(@Nullable String sessionId) {
        if (sessionId == null || sessionId.isEmpty()) {
            throw new NodeExecutionException(ErrorCode.INVALID_SESSION_ID, "session id must not be empty");
        }
        if (sessionId.length() > MAX_LENGTH) {
            throw new NodeExecutionException(ErrorCode.INVALID_SESSION_ID,
                    "session id is " + sessionId.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        for (int i = 0; i < sessionId.length(); i++) {
            if (Character.isISOControl(sessionId.charAt(i))) {
                throw new NodeExecutionException(ErrorCode.INVALID_SESSION_ID,
                        "session id must not contain control characters (found U+"
                                + String.format("%04X", (int) sessionId.charAt(i)) + " at index " + i + ")");
            }
        }
        return sessionId;
    }
}
