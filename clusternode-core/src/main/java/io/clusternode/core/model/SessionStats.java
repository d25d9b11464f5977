package io.clusternode.core.model;

import java.time.Instant;

/**
 * Statistics of one memory session.
 *
 * @param sessionId        the session
 * @param messageCount     messages currently held (within the window)
 * @param createdAt        when the session was first written
 * @param lastAccessAt     when it was last read or written
 * @param approximateBytes the stored size of the held messages: UTF-8 bytes of their contents, tool calls and
 *                         tool-call ids ({@code io.clusternode.core.memory.StoredSize}), the same in every memory
 */
public record SessionStats(String sessionId, int messageCount, Instant createdAt, Instant lastAccessAt,
                           long approximateBytes) {
}
