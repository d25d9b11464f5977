package io.clusternode.workflow.spi;

/**
 * A node created for a bound workflow: one of {@link TriggerNode}, {@link MainNode}, {@link ChatModelNode},
 * {@link MemoryNode} or {@link ToolNode}, matching its {@link NodeRole}. Shared by all runs; thread-safe.
 * {@link #close()} releases what the node opened (connection pools).
 */
public interface WorkflowNode extends AutoCloseable {

    @Override
    default void close() {
    }
}
