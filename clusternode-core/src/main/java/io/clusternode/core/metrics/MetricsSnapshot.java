package io.clusternode.core.metrics;

/**
 * A point-in-time view of a {@link MetricsCollector}, the figures of hetumind's performance report.
 *
 * <p>The counts are read one after another without a global lock, so under concurrent recording
 * {@code successfulRequests + failedRequests} may differ from {@code totalRequests} by the few requests
 * recorded while the snapshot was taken. Percentiles are those of Micrometer's rolling time window (the last
 * two minutes by default), interpolated from a histogram, so they are close to, not exactly, the sample values.
 *
 * @param totalRequests      requests recorded
 * @param successfulRequests requests recorded as successful
 * @param failedRequests     requests recorded as failed
 * @param averageMillis      mean duration over all recorded requests
 * @param maxMillis          longest duration in the recent window
 * @param p95Millis          95th percentile duration (recent window)
 * @param p99Millis          99th percentile duration (recent window)
 * @param heapUsedBytes      heap in use when the snapshot was taken (not after a GC: it includes garbage)
 * @param heapCommittedBytes heap the JVM has reserved from the operating system
 */
public record MetricsSnapshot(long totalRequests, long successfulRequests, long failedRequests, double averageMillis,
                              double maxMillis, double p95Millis, double p99Millis, long heapUsedBytes,
                              long heapCommittedBytes) {

    /** Failed requests as a fraction of all requests; 0 when none were recorded. */
    public double errorRate() {
        return totalRequests == 0 ? 0 : (double) failedRequests / totalRequests;
    }

    /** Heap in use, in mebibytes. */
    public double heapUsedMegabytes() {
        return heapUsedBytes / (1024.0 * 1024.0);
    }
}
