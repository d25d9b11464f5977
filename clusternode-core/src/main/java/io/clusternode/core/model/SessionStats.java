package io.clusternode.core.model;

import java.time.Instant;

/**
 * Statistics of one memory session.
 *
 * @param sessionId        the session
 * @param messageCount     messages currently held (within the window)
 * @param createdAt        when the session was first written
 * @param lastAccessAt     when it was last read or written
 * @param approximateBytes a rough size of the held messages
 */
public record SessionStats(String sessionId, int messageCount, Instant createdAt, Instant lastAccessAt,
                           long approximateBytes) {
}
