package io.clusternode.core.memory;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The argument and setting checks every memory backend makes, with one wording each. All failures are
 * {@link NodeExecutionException}s: {@code INVALID_INPUT} for a bad value, {@code INVALID_SESSION_ID} for a bad
 * session id (see {@link SessionIds}).
 */
public final class MemoryArguments {

    private MemoryArguments() {
    }

    /**
     * Checks the messages of one store: a list without null elements.
     *
     * @throws NodeExecutionException with {@code INVALID_INPUT} for a null list or a null message
     */
    public static List<Message> requireMessages(@Nullable List<Message> messages) {
        if (messages == null) {
            throw invalid("the messages to store must not be null");
        }
        for (Message message : messages) {
            if (message == null) {
                throw invalid("a stored message must not be null");
            }
        }
        return messages;
    }

    /**
     * Checks a batch before anything of it is written: valid session ids, and messages as
     * {@link #requireMessages} wants them.
     *
     * @throws NodeExecutionException with {@code INVALID_INPUT} or {@code INVALID_SESSION_ID}
     */
    public static Map<String, List<Message>> requireBatch(@Nullable Map<String, List<Message>> messagesBySession) {
        if (messagesBySession == null) {
            throw invalid("the batch to store must not be null");
        }
        messagesBySession.forEach((session, messages) -> {
            SessionIds.requireValid(session);
            requireMessages(messages);
        });
        return messagesBySession;
    }

    /**
     * Checks how many recent messages a retrieve asks for.
     *
     * @throws NodeExecutionException with {@code INVALID_INPUT} when negative
     */
    public static int requireCount(int count) {
        if (count < 0) {
            throw invalid("count must not be negative, was " + count);
        }
        return count;
    }

    /**
     * Checks a window size.
     *
     * @throws NodeExecutionException with {@code INVALID_INPUT} when below 1
     */
    public static int requireMaxMessages(int maxMessages) {
        if (maxMessages < 1) {
            throw invalid("max messages must be at least 1, was " + maxMessages);
        }
        return maxMessages;
    }

    /**
     * Checks an idle TTL: zero (never expire) or at least a millisecond.
     *
     * @throws NodeExecutionException with {@code INVALID_INPUT} otherwise
     */
    public static Duration requireTtl(@Nullable Duration ttl) {
        if (ttl == null || ttl.isNegative()) {
            throw invalid("ttl must be zero (never expire) or positive");
        }
        if (!ttl.isZero() && ttl.toMillis() < 1) {
            throw invalid("ttl must be at least a millisecond");
        }
        return ttl;
    }

    /**
     * Checks a connection pool size.
     *
     * @throws NodeExecutionException with {@code INVALID_INPUT} outside {@code 1..max}
     */
    public static int requirePoolSize(int poolSize, int max) {
        if (poolSize < 1 || poolSize > max) {
            throw invalid("pool size must be 1.." + max + ", was " + poolSize);
        }
        return poolSize;
    }

    private static NodeExecutionException invalid(String message) {
        return new NodeExecutionException(ErrorCode.INVALID_INPUT, message);
    }
}
