/**
 * The one error family: {@link io.clusternode.core.error.NodeExecutionException} with a stable
 * {@link io.clusternode.core.error.ErrorCode} that the CLI prints and the HTTP server maps to a status.
 */
@NullMarked
package io.clusternode.core.error;

import org.jspecify.annotations.NullMarked;
