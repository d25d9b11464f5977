package io.clusternode.core.spi;

import io.clusternode.core.model.Message;
import io.clusternode.core.model.SessionStats;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A memory sub-node: chat history per session.
 *
 * <p>The contract every backend keeps (checked by {@code MemoryProviderContract} in the core test jar):
 * <ul>
 *   <li>{@link #store} appends all the given messages, in order, atomically: a reader sees all or none;</li>
 *   <li>a session holds at most a window of messages; older non-system messages are evicted first;
 *       system messages are never evicted; a window never starts with a tool result whose assistant
 *       tool call was evicted;</li>
 *   <li>idle sessions expire after the configured TTL;</li>
 *   <li>session ids are 1..{@value io.clusternode.core.memory.SessionIds#MAX_LENGTH} characters without
 *       control characters; others are rejected with {@code INVALID_SESSION_ID}.</li>
 * </ul>
 */
public interface MemoryProvider extends SubNodeProvider {

    /** Appends a turn to a session, atomically. */
    void store(String sessionId, List<Message> messages);

    /**
     * Appends to several sessions at once; each session's messages are stored atomically. The project's backends
     * check the whole batch first (a batch with an invalid session id or a null message stores nothing) and the
     * persistent ones write it in one transaction or one round trip. This default, for simple implementations,
     * stores session by session, so sessions before an invalid entry are already stored when it fails.
     *
     * @param messagesBySession the messages to append, by session id
     * @throws io.clusternode.core.error.NodeExecutionException {@code INVALID_SESSION_ID} or {@code INVALID_INPUT}
     *                                                          for a bad entry, {@code MEMORY_ERROR} when the
     *                                                          store fails
     */
    default void storeBatch(Map<String, List<Message>> messagesBySession) {
        messagesBySession.forEach(this::store);
    }

    /**
     * The session's system messages followed by its last {@code count} other messages, oldest first,
     * never starting with an orphan tool result. Empty for an unknown session.
     */
    List<Message> retrieve(String sessionId, int count);

    /** Statistics of a session, or empty if it does not exist. */
    Optional<SessionStats> stats(String sessionId);

    /** All live sessions' statistics, most recently used first. */
    List<SessionStats> sessions();

    /** Removes a session; returns whether it existed. */
    boolean clear(String sessionId);
}
