package io.clusternode.openai;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Enforces the read timeout and the call's deadline on a response body. The JDK client's request timeout ends when the headers
 * arrive; a stream that then goes silent would block its reader forever. A watched stream is closed when
 * no byte has arrived for the timeout, which unblocks the reader with an IOException that
 * {@link #timedOut()} then explains.
 *
 * <p>One daemon thread serves every provider: it only wakes at deadlines.
 */
final class ReadWatchdog {

    private static final ScheduledExecutorService SCHEDULER = createScheduler();

    private ReadWatchdog() {
    }

    private static ScheduledExecutorService createScheduler() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "clusternode-openai-read-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return Executors.unconfigurableScheduledExecutorService(executor);
    }

    /**
     * @param timeoutNanos  the longest silence tolerated
     * @param deadlineNanos a {@link System#nanoTime()} value past which the stream is closed even while
     *                      bytes keep arriving
     */
    static WatchedStream watch(InputStream in, long timeoutNanos, long deadlineNanos) {
        WatchedStream watched = new WatchedStream(in, timeoutNanos, deadlineNanos);
        watched.schedule(Math.min(timeoutNanos, deadlineNanos - System.nanoTime()));
        return watched;
    }

    /** A body stream that remembers when it last made progress. */
    static final class WatchedStream extends FilterInputStream {
        private final long timeoutNanos;
        private final long deadlineNanos;
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean timedOut;
        private volatile boolean closed;
        private volatile ScheduledFuture<?> check;

        private WatchedStream(InputStream in, long timeoutNanos, long deadlineNanos) {
            super(in);
            this.timeoutNanos = timeoutNanos;
            this.deadlineNanos = deadlineNanos;
        }

        private void schedule(long delayNanos) {
            check = SCHEDULER.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        }

        private void check() {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            long idle = now - lastProgress;
            if (idle >= timeoutNanos || now - deadlineNanos >= 0) {
                timedOut = true;
                try {
                    in.close();
                } catch (IOException e) {
                    // Closing only serves to wake the reader; its failure changes nothing.
                }
            } else {
                schedule(Math.min(timeoutNanos - idle, deadlineNanos - now));
            }
        }

        boolean timedOut() {
            return timedOut;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            lastProgress = System.nanoTime();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            lastProgress = System.nanoTime();
            return n;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            ScheduledFuture<?> pending = check;
            if (pending != null) {
                pending.cancel(false);
            }
            in.close();
        }
    }
}
