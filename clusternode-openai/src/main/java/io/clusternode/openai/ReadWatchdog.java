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
 * Enforces the read timeout on a response body. The JDK client's request timeout ends when the headers
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

    static WatchedStream watch(InputStream in, long timeoutNanos) {
        WatchedStream watched = new WatchedStream(in, timeoutNanos);
        watched.schedule(timeoutNanos);
        return watched;
    }

    /** A body stream that remembers when it last made progress. */
    static final class WatchedStream extends FilterInputStream {
        private final long timeoutNanos;
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean timedOut;
        private volatile boolean closed;
        private volatile ScheduledFuture<?> check;

        private WatchedStream(InputStream in, long timeoutNanos) {
            super(in);
            this.timeoutNanos = timeoutNanos;
        }

        private void schedule(long delayNanos) {
            check = SCHEDULER.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        }

        private void check() {
            if (closed) {
                return;
            }
            long idle = System.nanoTime() - lastProgress;
            if (idle >= timeoutNanos) {
                timedOut = true;
                try {
                    in.close();
                } catch (IOException e) {
                    // Closing only serves to wake the reader; its failure changes nothing.
                }
            } else {
                schedule(timeoutNanos - idle);
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
