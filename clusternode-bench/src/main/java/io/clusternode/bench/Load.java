package io.clusternode.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;

/**
 * Runs an operation from many virtual threads at once and measures it: throughput from the wall time between
 * a common start gate and the last worker's end, latency per operation in HdrHistogram. Histograms are
 * sharded so that workers rarely touch the same counters; they are merged at the end.
 */
public final class Load {

    /** Highest latency tracked: 10 minutes, in nanoseconds. */
    private static final long HIGHEST = 600_000_000_000L;
    private static final int PROGRESS_BATCH = 64;

    /** One operation of worker {@code worker}, its {@code i}-th. */
    @FunctionalInterface
    public interface Op {
        void run(int worker, long i) throws Exception;
    }

    /**
     * What a run measured.
     *
     * @param ops        operations that ran (including failed ones)
     * @param errors     operations that threw
     * @param nanos      wall time
     * @param latencies  per-operation latency in nanoseconds; null when not recorded
     * @param firstError the first failure, for the report; null when none
     */
    public record Result(long ops, long errors, long nanos, Histogram latencies, String firstError) {

        public double perSecond() {
            return nanos == 0 ? 0 : ops * 1e9 / nanos;
        }

        public double seconds() {
            return nanos / 1e9;
        }

        /** Latency at a percentile (0-100), in milliseconds. */
        public double percentileMillis(double percentile) {
            return latencies == null ? Double.NaN : latencies.getValueAtPercentile(percentile) / 1e6;
        }

        public double meanMillis() {
            return latencies == null ? Double.NaN : latencies.getMean() / 1e6;
        }

        /** Mean wall time per operation, in milliseconds. */
        public double wallMillisPerOp() {
            return ops == 0 ? Double.NaN : nanos / 1e6 / ops;
        }
    }

    private Load() {
    }

    /**
     * Runs {@code workers} virtual threads, each doing up to {@code opsPerWorker} operations, stopping early
     * once {@code budgetNanos} (0: no limit) has passed since the start.
     */
    public static Result run(int workers, long opsPerWorker, long budgetNanos, boolean recordLatency,
                             Progress progress, Op op) throws InterruptedException {
        int shardCount = Math.min(workers, 8);
        AtomicHistogram[] shards = new AtomicHistogram[recordLatency ? shardCount : 0];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new AtomicHistogram(1, HIGHEST, 3);
        }
        LongAdder ops = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch gate = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(workers);
        long[] startHolder = new long[1];
        for (int w = 0; w < workers; w++) {
            int worker = w;
            AtomicHistogram histogram = recordLatency ? shards[w % shardCount] : null;
            threads.add(Thread.ofVirtual().name("bench-worker-" + w).start(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    return;
                }
                long deadline = budgetNanos > 0 ? startHolder[0] + budgetNanos : Long.MAX_VALUE;
                long local = 0;
                long pending = 0;
                for (long i = 0; i < opsPerWorker; i++) {
                    long t = recordLatency ? System.nanoTime() : 0;
                    try {
                        op.run(worker, i);
                    } catch (Exception | AssertionError e) {
                        errors.increment();
                        firstError.compareAndSet(null, e.toString());
                    }
                    local++;
                    if (recordLatency) {
                        long end = System.nanoTime();
                        histogram.recordValue(Math.min(HIGHEST, Math.max(1, end - t)));
                        if (end > deadline) {
                            break;
                        }
                    } else if ((local & 63) == 0 && budgetNanos > 0 && System.nanoTime() > deadline) {
                        break;
                    }
                    if (++pending == PROGRESS_BATCH) {
                        if (progress != null) {
                            progress.advance(pending);
                        }
                        pending = 0;
                    }
                }
                if (progress != null) {
                    progress.advance(pending);
                }
                ops.add(local);
            }));
        }
        startHolder[0] = System.nanoTime();
        gate.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        long nanos = System.nanoTime() - startHolder[0];
        Histogram merged = null;
        if (recordLatency) {
            merged = new Histogram(1, HIGHEST, 3);
            for (AtomicHistogram shard : shards) {
                merged.add(shard);
            }
        }
        return new Result(ops.sum(), errors.sum(), nanos, merged, firstError.get());
    }

    /**
     * Two operations measured side by side: {@code pairs} short runs of each, {@code sliceNanos} long, the
     * order swapped every pair. Whole one-second runs of one side and then the other moved by 10-20 % between
     * runs on a quiet machine (a garbage collection or a compilation lands in one or the other), more than the
     * differences the bench compares; with short alternating slices every slice of one side has a neighbour
     * of the other under the same conditions, and the totals use every operation.
     *
     * @throws IllegalStateException when an operation failed
     */
    public static Paired paired(int workers, long maxOps, long sliceNanos, int pairs, Op a, Op b)
            throws InterruptedException {
        List<Result> resultsA = new ArrayList<>(pairs);
        List<Result> resultsB = new ArrayList<>(pairs);
        for (int p = 0; p < pairs; p++) {
            boolean aFirst = p % 2 == 0;
            Result first = check(run(workers, maxOps, sliceNanos, false, null, aFirst ? a : b));
            Result second = check(run(workers, maxOps, sliceNanos, false, null, aFirst ? b : a));
            resultsA.add(aFirst ? first : second);
            resultsB.add(aFirst ? second : first);
        }
        return new Paired(List.copyOf(resultsA), List.copyOf(resultsB));
    }

    /**
     * Returns {@code result}, or throws when any of its operations failed.
     *
     * @throws IllegalStateException naming how many failed and the first failure
     */
    public static Result check(Result result) {
        if (result.errors() > 0) {
            throw new IllegalStateException(result.errors() + " operations failed; first: " + result.firstError());
        }
        return result;
    }

    /** What {@link #paired} measured: the slices of each side, in order. */
    public record Paired(List<Result> a, List<Result> b) {

        /** Side A's operations per second over all its slices. */
        public double perSecondA() {
            return perSecond(a);
        }

        /** Side B's operations per second over all its slices. */
        public double perSecondB() {
            return perSecond(b);
        }

        /** A's throughput over B's, from the totals. */
        public double ratio() {
            return perSecondA() / perSecondB();
        }

        /** The lowest and highest ratio of one pair of slices: how much a single comparison would move. */
        public String spread() {
            double low = Double.MAX_VALUE;
            double high = 0;
            for (int i = 0; i < a.size(); i++) {
                double pair = a.get(i).perSecond() / b.get(i).perSecond();
                low = Math.min(low, pair);
                high = Math.max(high, pair);
            }
            return String.format(Locale.ROOT, "%d alternating pairs of %.0f ms slices; pairs' ratios"
                    + " %.3f-%.3f", a.size(), a.get(0).nanos() / 1e6, low, high);
        }

        private static double perSecond(List<Result> results) {
            long ops = 0;
            long nanos = 0;
            for (Result result : results) {
                ops += result.ops();
                nanos += result.nanos();
            }
            return nanos == 0 ? 0 : ops * 1e9 / nanos;
        }
    }
}
