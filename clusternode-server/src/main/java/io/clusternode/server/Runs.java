package io.clusternode.server;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.server.http.ApiError;
import io.clusternode.server.http.ApiException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cap on concurrent agent runs and their time limit. A run takes a {@link Permit} first (429 when the cap
 * is reached, 503 once the server is stopping), then runs on its own virtual thread while the request waits at
 * most the time limit; past it the run's thread is interrupted (the agent stores a turn only when the run
 * completes, so a cancelled run leaves nothing behind) and the request gets a 504.
 */
public final class Runs implements AutoCloseable {

    private final int cap;
    private final Duration timeout;
    private final Semaphore permits;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean stopping;

    public Runs(int cap, Duration timeout) {
        this.cap = cap;
        this.timeout = timeout;
        this.permits = new Semaphore(cap);
    }

    /** The right to run one agent run; close it when the request is answered. */
    public final class Permit implements AutoCloseable {
        private boolean released;

        private Permit() {
        }

        /**
         * Runs {@code body} on its own virtual thread, waiting at most the time limit.
         *
         * @throws ApiException 504 when the limit passes (the run is cancelled)
         */
        public <T> T run(Callable<T> body) {
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

    public int inFlight() {
        return cap - permits.availablePermits();
    }

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

    public boolean stopping() {
        return stopping;
    }

    /** Cancels whatever still runs. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
