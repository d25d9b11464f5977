package io.clusternode.server;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.server.http.ApiError;
import io.clusternode.server.http.ApiException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cap on concurrent agent runs and their time limit. A run takes a {@link Permit} first (429 when the cap
 * is reached, 503 once the server is stopping), then runs with a time limit; past it the run's thread is
 * interrupted (the agent stores a turn only when the run completes, so a cancelled run leaves nothing behind)
 * and the request gets a 504.
 */
public final class Runs implements AutoCloseable {

    private final int cap;
    private final Duration timeout;
    private final Semaphore permits;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    /** Alarms of the runs in flight on their request's thread, checked by the watchdog. */
    private final Set<Alarm> armed = ConcurrentHashMap.newKeySet();
    private final Thread watchdog;
    private volatile boolean stopping;

    /**
     * @param cap at most this many runs at once
     * @param timeout the time limit of one run
     */
    public Runs(int cap, Duration timeout) {
        this.cap = cap;
        this.timeout = timeout;
        this.permits = new Semaphore(cap);
        // A scan every few milliseconds rather than a scheduled task per run: scheduling would wake a timer
        // thread whenever its queue was empty, a context switch per request on a lightly loaded server.
        long period = Math.clamp(timeout.toMillis() / 20, 5, 100);
        this.watchdog = Thread.ofVirtual().name("run-time-limit").start(() -> watch(period));
    }

    private void watch(long periodMillis) {
        while (!Thread.currentThread().isInterrupted()) {
            long now = System.nanoTime();
            for (Alarm alarm : armed) {
                if (now - alarm.deadline >= 0) {
                    alarm.fire();
                }
            }
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Interrupts a run's thread once, unless the run disarms it first. Armed, then either disarmed by the run or
     * fired by the watchdog; a run that finds it fired waits until the interrupt has landed before clearing it,
     * so no stray interrupt reaches the request's later socket I/O.
     */
    private static final class Alarm {
        private static final int ARMED = 0;
        private static final int DISARMED = 1;
        private static final int FIRING = 2;
        private static final int FIRED = 3;

        private final Thread thread;
        private final long deadline;
        private final AtomicInteger state = new AtomicInteger(ARMED);

        Alarm(Thread thread, long deadline) {
            this.thread = thread;
            this.deadline = deadline;
        }

        void fire() {
            if (state.compareAndSet(ARMED, FIRING)) {
                thread.interrupt();
                state.set(FIRED);
            }
        }

        boolean disarm() {
            return state.compareAndSet(ARMED, DISARMED);
        }

        void awaitInterrupt() {
            while (state.get() != FIRED) {
                Thread.onSpinWait();
            }
        }
    }

    /** The right to run one agent run; close it when the request is answered. */
    public final class Permit implements AutoCloseable {
        private boolean released;

        private Permit() {
        }

        /**
         * Runs {@code body} on the calling thread, interrupting it when the time limit passes. For runs that do
         * not write to the client while they run: an interrupt during socket I/O would close the connection.
         *
         * @throws ApiException 504 when the limit passes (the run is cancelled)
         */
        public <T> T run(Callable<T> body) {
            Alarm alarm = new Alarm(Thread.currentThread(), System.nanoTime() + timeout.toNanos());
            armed.add(alarm);
            T result = null;
            RuntimeException failure = null;
            try {
                result = body.call();
            } catch (RuntimeException e) {
                failure = e;
            } catch (Exception e) {
                failure = new IllegalStateException(e);
            } finally {
                armed.remove(alarm);
                if (!alarm.disarm()) {
                    alarm.awaitInterrupt();
                    Thread.interrupted();
                    failure = new ApiException(ApiError.timeout(timeout.toSeconds()));
                }
            }
            if (failure != null) {
                throw failure;
            }
            return result;
        }

        /**
         * Runs {@code body} on its own virtual thread, waiting at most the time limit; for runs that write to the
         * client as they go (streaming), so the request's thread is never interrupted.
         *
         * @throws ApiException 504 when the limit passes (the run is cancelled)
         */
        public <T> T runAside(Callable<T> body) {
            Future<T> future = executor.submit(body);
            try {
                return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new ApiException(ApiError.timeout(timeout.toSeconds()));
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new NodeExecutionException(ErrorCode.CANCELLED, "the request was interrupted");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(cause);
            }
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                permits.release();
            }
        }
    }

    /**
     * Takes a permit.
     *
     * @throws ApiException 429 when {@code cap} runs are in flight, 503 when the server is stopping
     */
    public Permit acquire() {
        if (stopping) {
            throw new ApiException(ApiError.shuttingDown());
        }
        if (!permits.tryAcquire()) {
            throw new ApiException(ApiError.tooManyRuns(cap));
        }
        return new Permit();
    }

    /** Runs holding a permit now. */
    public int inFlight() {
        return cap - permits.availablePermits();
    }

    /** The cap on concurrent runs. */
    public int capacity() {
        return cap;
    }

    /**
     * Refuses new runs and waits up to {@code grace} for the runs in flight to finish.
     *
     * @return whether every run finished in time
     */
    public boolean drain(Duration grace) {
        stopping = true;
        try {
            if (permits.tryAcquire(cap, grace.toNanos(), TimeUnit.NANOSECONDS)) {
                permits.release(cap);
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether {@link #drain} has started: new runs are refused. */
    public boolean stopping() {
        return stopping;
    }

    /** Cancels whatever still runs. */
    @Override
    public void close() {
        watchdog.interrupt();
        executor.shutdownNow();
    }
}
