package io.clusternode.memory.jdbc;

import java.util.List;

/**
 * Decides, for one store into a full window, which held messages and which new messages survive, following
 * {@link io.clusternode.core.memory.WindowMemory}'s rule exactly: each appended non-system message that finds
 * the window full evicts the oldest one, and then tool results left at the head are evicted too.
 *
 * <p>Positions count the session's non-system messages: {@code 0..held-1} are the held ones (oldest first),
 * {@code held..held+k-1} the new ones. Only the roles of the oldest held messages are needed, since the
 * window start only moves forward; {@link #NEED_MORE} asks the caller for more of them.
 */
final class WindowPlan {

    /** Returned when the plan needs the role of a held message beyond those it was given. */
    static final int NEED_MORE = -1;

    private WindowPlan() {
    }

    /**
     * The position of the first surviving non-system message, or {@link #NEED_MORE}.
     *
     * @param held        non-system messages the session holds now
     * @param heldIsTool  whether each of the oldest held messages is a tool result (a prefix of them)
     * @param newIsTool   whether each new non-system message is a tool result
     * @param maxMessages the window
     */
    static int firstSurvivor(int held, List<Boolean> heldIsTool, List<Boolean> newIsTool, int maxMessages) {
        int start = 0;
        int size = held;
        for (int j = 0; j < newIsTool.size(); j++) {
            boolean evicted = false;
            if (size >= maxMessages) {
                int drop = size - maxMessages + 1;
                start += drop;
                size -= drop;
                evicted = true;
            }
            size++;
            if (evicted) {
                while (size > 0) {
                    int position = start;
                    Boolean tool;
                    if (position < held) {
                        if (position >= heldIsTool.size()) {
                            return NEED_MORE;
                        }
                        tool = heldIsTool.get(position);
                    } else {
                        tool = newIsTool.get(position - held);
                    }
                    if (!tool) {
                        break;
                    }
                    start++;
                    size--;
                }
            }
        }
        return start;
    }
}
