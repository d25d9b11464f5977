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

    private static final ThreadLocal<long[]> DEADLINE = new ThreadLocal<>();

    private CallDeadline() {
    }

    /**
     * Runs {@code call} with a deadline of {@code deadlineNanos} (a {@link System#nanoTime()} value) on this
     * thread; an earlier deadline already set stays in force.
     */
    public static <T> T within(long deadlineNanos, Supplier<T> call) {
        long[] outer = DEADLINE.get();
        long effective = outer != null && outer[0] - deadlineNanos < 0 ? outer[0] : deadlineNanos;
        DEADLINE.set(new long[] {effective});
        try {
            return call.get();
        } finally {
            if (outer == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(outer);
            }
        }
    }

    /** Nanoseconds left before this thread's deadline (zero or less once it passed), or {@link #NONE}. */
    public static long remainingNanos() {
        long[] deadline = DEADLINE.get();
        return deadline == null ? NONE : deadline[0] - System.nanoTime();
    }
}
