package io.clusternode.core.llm;

import java.util.function.Supplier;

/**
 * The deadline a caller puts on the model calls it makes from the current thread, so a provider can bound
 * its own waits by what remains of a larger budget (an agent run's timeout) without that deadline being
 * part of every provider's signature. The agent sets it around each model call; a provider reads
 * {@link #remainingNanos()} when it starts and takes the smaller of that and its own call timeout.
 *
 * <p>A provider that ignores it still cannot make a run overrun unnoticed: the agent checks its deadline
 * after every step. Nested scopes keep the earlier deadline.
 */
public final class CallDeadline {

    /** What {@link #remainingNanos()} returns when no deadline is set. */
    public static final long NONE = Long.MAX_VALUE;

    /**
     * Per thread: {@code [0]} is 1 while a deadline is set, {@code [1]} the deadline. One mutable slot per
     * thread, saved and restored around each call, so a model call allocates nothing here: setting and
     * removing a thread-local value on every call cost an entry object and a map clean-up each time.
     */
    private static final ThreadLocal<long[]> DEADLINE = ThreadLocal.withInitial(() -> new long[2]);

    private CallDeadline() {
    }

    /**
     * Runs {@code call} with a deadline of {@code deadlineNanos} (a {@link System#nanoTime()} value) on this
     * thread; an earlier deadline already set stays in force.
     */
    public static <T> T within(long deadlineNanos, Supplier<T> call) {
        long[] slot = DEADLINE.get();
        long outerSet = slot[0];
        long outer = slot[1];
        slot[1] = outerSet != 0 && outer - deadlineNanos < 0 ? outer : deadlineNanos;
        slot[0] = 1;
        try {
            return call.get();
        } finally {
            slot[0] = outerSet;
            slot[1] = outer;
        }
    }

    /** Nanoseconds left before this thread's deadline (zero or less once it passed), or {@link #NONE}. */
    public static long remainingNanos() {
        long[] slot = DEADLINE.get();
        return slot[0] == 0 ? NONE : slot[1] - System.nanoTime();
    }
}
