package io.clusternode.bench.report;

import java.util.List;
import java.util.Map;

/**
 * Everything one bench run measured: what {@code --json} writes.
 *
 * @param startedAt   ISO-8601 start time
 * @param environment JVM, processors, heap limit, options
 * @param rows        the table
 * @param series      per-scenario series (soak intervals, concurrency sweep points)
 */
public record BenchReport(String startedAt, Map<String, Object> environment, List<Row> rows,
                          Map<String, Object> series) {
}
