package io.clusternode.js;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.graalvm.polyglot.Context;

/**
 * Stops evaluations that run past their time limit by cancelling their context. One daemon thread scans the
 * running evaluations every {@value #TICK_MILLIS} ms: an evaluation then only records a start and an end
 * (two set operations), where a scheduled task per evaluation would cost a queue insert and a cancel.
 */
final class Watchdog {

    static final long TICK_MILLIS = 10;

    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int TIMED_OUT = 2;

    private static final Set<Lease> ACTIVE = ConcurrentHashMap.newKeySet();

    static {
        Thread.ofPlatform().daemon().name("clusternode-js-watchdog").start(Watchdog::loop);
    }

    private Watchdog() {
    }

    /** One running evaluation. */
    static final class Lease {
        private final Context context;
        private final long deadline;
        private final AtomicInteger state = new AtomicInteger(RUNNING);

        private Lease(Context context, long deadline) {
            this.context = context;
            this.deadline = deadline;
        }
    }

    static Lease begin(Context context, Duration timeout) {
        Lease lease = new Lease(context, System.nanoTime() + timeout.toNanos());
        ACTIVE.add(lease);
        return lease;
    }

    /**
     * Ends an evaluation; idempotent.
     *
     * @return false when the watchdog stopped it first (its context is closed or being closed)
     */
    static boolean end(Lease lease) {
        ACTIVE.remove(lease);
        return lease.state.compareAndSet(RUNNING, FINISHED) || lease.state.get() == FINISHED;
    }

    private static void loop() {
        while (true) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            long now = System.nanoTime();
            for (Lease lease : ACTIVE) {
                if (now - lease.deadline > 0 && lease.state.compareAndSet(RUNNING, TIMED_OUT)) {
                    ACTIVE.remove(lease);
                    // Closing waits for the running thread to leave JavaScript (it may sit in a Java callback), so
                    // it happens off this thread and other deadlines are still watched meanwhile.
                    Thread.ofVirtual().name("clusternode-js-cancel").start(() -> cancel(lease.context));
                }
            }
        }
    }

    private static void cancel(Context context) {
        try {
            context.close(true);
        } catch (RuntimeException alreadyGone) {
            // The context was closed by its evaluation's own error handling: nothing left to stop.
        }
    }
}
