/**
 * Micrometer-based metrics: {@link io.clusternode.core.metrics.MetricsCollector} records requests and executor
 * tasks (latency percentiles, errors by code, model calls and tokens, tool calls, memory operations) into any
 * {@link io.micrometer.core.instrument.MeterRegistry}.
 */
@NullMarked
package io.clusternode.core.metrics;

import org.jspecify.annotations.NullMarked;
