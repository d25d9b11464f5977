package io.clusternode.core.memory;

import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import java.util.AbstractList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The one window rule of every memory backend, and the one retrieve-side trim.
 *
 * <p>The rule: a session keeps at most {@code maxMessages} non-system messages; each appended non-system
 * message that finds the window full evicts the oldest one, and then tool results left at the head are evicted
 * too (a model rejects a history that starts with a tool result whose assistant call is gone). System
 * messages are never evicted.
 *
 * <p>{@link #firstSurvivor} plans a whole store at once: positions count the session's non-system messages,
 * {@code 0..held-1} being the held ones (oldest first) and {@code held..held+k-1} the new ones. Only the roles
 * of the oldest held messages are needed, since the window start only moves forward, so a backend that keeps
 * its messages in a database reads just a prefix of roles and asks for more when the planner returns
 * {@link #NEED_MORE}. Backends that must run the rule inside the store (the Redis script) are checked against
 * this planner by a randomized differential test in the memory contract.
 */
public final class WindowPlanner {

    /** Returned when the plan needs the role of a held message beyond those the caller knows. */
    public static final int NEED_MORE = -1;

    private WindowPlanner() {
    }

    /**
     * The position of the first surviving non-system message after appending the new ones, or
     * {@link #NEED_MORE}. Messages before it are evicted; 0 means nothing is.
     *
     * @param held        non-system messages the session holds now
     * @param knownHeld   how many of the oldest held messages {@code heldIsTool} can answer for ({@code <= held})
     * @param heldIsTool  whether the held message at a position {@code < knownHeld} is a tool result
     * @param newIsTool   whether each new non-system message is a tool result
     * @param maxMessages the window, at least 1
     */
    public static int firstSurvivor(int held, int knownHeld, IntPredicate heldIsTool, boolean[] newIsTool,
                                    int maxMessages) {
        int start = 0;
        int size = held;
        for (boolean ignored : newIsTool) {
            boolean evicted = false;
            if (size >= maxMessages) {
                int drop = size - maxMessages + 1;
                start += drop;
                size -= drop;
                evicted = true;
            }
            size++;
            if (!evicted) {
                continue;
            }
            while (size > 0) {
                boolean tool;
                if (start < held) {
                    if (start >= knownHeld) {
                        return NEED_MORE;
                    }
                    tool = heldIsTool.test(start);
                } else {
                    tool = newIsTool[start - held];
                }
                if (!tool) {
                    break;
                }
                start++;
                size--;
            }
        }
        return start;
    }

    /** Whether each non-system message of {@code messages} is a tool result, in order. */
    public static boolean[] nonSystemToolFlags(List<Message> messages) {
        int count = 0;
        for (Message message : messages) {
            if (message.role() != Role.SYSTEM) {
                count++;
            }
        }
        boolean[] flags = new boolean[count];
        int i = 0;
        for (Message message : messages) {
            if (message.role() != Role.SYSTEM) {
                flags[i++] = message.role() == Role.TOOL;
            }
        }
        return flags;
    }

    /**
     * What a retrieve returns: the system messages, then {@code recent} (the last N others, oldest first)
     * without the tool results at its head, whose assistant call lies outside the N. Copies nothing but
     * references; the result is unmodifiable.
     */
    public static List<Message> retrieved(List<Message> system, List<Message> recent) {
        int skip = 0;
        while (skip < recent.size() && recent.get(skip).role() == Role.TOOL) {
            skip++;
        }
        Message[] out = new Message[system.size() + recent.size() - skip];
        int j = 0;
        for (Message message : system) {
            out[j++] = message;
        }
        for (int i = skip; i < recent.size(); i++) {
            out[j++] = recent.get(i);
        }
        return new Immutable(out);
    }

    /** An unmodifiable list over an array that nobody else holds. */
    private static final class Immutable extends AbstractList<Message> implements java.util.RandomAccess {
        private final Message[] items;

        Immutable(Message[] items) {
            this.items = items;
        }

        @Override
        public Message get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }
}
