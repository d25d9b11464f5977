/**
 * The in-process sliding-window memory {@link io.clusternode.core.memory.WindowMemory} (the embedded default) and
 * the rules every memory backend shares, such as valid session ids.
 */
package io.clusternode.core.memory;
