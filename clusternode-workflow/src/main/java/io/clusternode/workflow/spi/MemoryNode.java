package io.clusternode.workflow.spi;

import io.clusternode.core.spi.MemoryProvider;

/** A memory sub-node: supplies its root node with a memory, the session to use and how much history to load. */
public interface MemoryNode extends WorkflowNode {

    Supply memory(SubNodeScope scope);

    /**
     * The memory this node keeps, when it is one shared memory for every run (as the built-in memory nodes
     * are), so that a server can read a session's history outside a run; null otherwise.
     */
    default MemoryProvider provider() {
        return null;
    }

    /**
     * What a memory node supplies to its root node.
     *
     * @param provider     the memory (shared; the same instance for every run)
     * @param sessionId    the session of this run
     * @param historyLimit how many earlier messages the agent loads
     */
    record Supply(MemoryProvider provider, String sessionId, int historyLimit) {
    }
}
