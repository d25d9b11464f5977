/**
 * The in-process sliding-window memory {@link io.clusternode.core.memory.WindowMemory} (the embedded default) and
 * what every memory backend shares: the window rule ({@link io.clusternode.core.memory.WindowPlanner}), session
 * ids, argument checks, {@link io.clusternode.core.memory.MemoryOptions}, the specification parser
 * ({@link io.clusternode.core.memory.MemorySpec}), the tool-call codec, the stored size of a message and group
 * commit of concurrent stores.
 */
@NullMarked
package io.clusternode.core.memory;

import org.jspecify.annotations.NullMarked;
