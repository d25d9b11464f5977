/**
 * Runs registered providers as tasks: {@link io.clusternode.core.executor.ClusterNodeExecutor} with a per-task
 * {@link io.clusternode.core.executor.ClusterNodeConfig}, a typed
 * {@link io.clusternode.core.executor.ExecutionContext} per execution, {@link io.clusternode.core.executor.TaskResult}
 * with timings and usage, optional metrics and a warm-up.
 */
@NullMarked
package io.clusternode.core.executor;

import org.jspecify.annotations.NullMarked;
