package io.clusternode.workflow.spi;

import io.clusternode.core.spi.MemoryProvider;

/** A memory sub-node: supplies its root node with a memory, the session to use and how much history to load. */
public interface MemoryNode extends WorkflowNode {

    Supply memory(SubNodeScope scope);

    /**
     * @param provider     the memory (shared; the same instance for every run)
     * @param sessionId    the session of this run
     * @param historyLimit how many earlier messages the agent loads
     */
    record Supply(MemoryProvider provider, String sessionId, int historyLimit) {
    }
}
