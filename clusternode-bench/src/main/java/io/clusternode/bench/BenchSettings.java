package io.clusternode.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the user asked for.
 *
 * @param users     stress users
 * @param requests  stress requests per user
 * @param latencyMs simulated model latency of the stress run; null runs it at 0 ms and at 20 ms
 * @param soak      soak duration
 * @param quick     tiny sizes, for tests and a first look (figures are not meaningful)
 * @param plot      where the concurrency sweep writes its SVG; null for none
 * @param workDir   where temporary files (SQLite databases) go
 */
public record BenchSettings(int users, int requests, Integer latencyMs, Duration soak, boolean quick, Path plot,
                            Path workDir) {

    /** Scales a full-run size down in quick mode. */
    public int size(int full, int quickSize) {
        return quick ? quickSize : full;
    }

    /** A time budget in nanoseconds: {@code fullMillis} normally, {@code quickMillis} in quick mode. */
    public long budget(long fullMillis, long quickMillis) {
        return (quick ? quickMillis : fullMillis) * 1_000_000L;
    }
}
