package io.clusternode.bench.report;

import java.util.List;
import java.util.Map;

/**
 * Everything one bench run measured: what {@code --json} writes.
 *
 * @param startedAt   ISO-8601 start time
 * @param environment JVM, operating system, processors, heap limit, JVM arguments
 * @param settings    the settings the scenarios actually used (e.g. the stress sizes after quick mode shrank
 *                    them, the soak's real length), by name
 * @param rows        the table, each row with its stable id
 * @param summary     the verdicts: targets met, and the missed rows as a list
 * @param series      per-scenario series (soak intervals, concurrency sweep points)
 */
public record BenchReport(String startedAt, Map<String, Object> environment, Map<String, Object> settings,
                          List<Row> rows, Summary summary, Map<String, Object> series) {
}
