package io.clusternode.core.spi;

/**
 * What every node implements. Providers are immutable after construction, thread-safe and shared by any
 * number of concurrent runs; per-run state lives in the run.
 */
public interface SubNodeProvider extends AutoCloseable {

    /** What this node is: kind, type, display name, version and parameter schema. */
    NodeDefinition definition();

    /** The node's type, i.e. the connection that attaches it to a root node. */
    default NodeType type() {
        return definition().type();
    }

    /** The node's kind, e.g. {@code simulated} or {@code memory_buffer_window}. */
    default String kind() {
        return definition().kind();
    }

    /**
     * Prepares the provider (opens pools, creates schemas, checks configuration). Idempotent. The default
     * does nothing; providers that need no preparation work without it.
     *
     * @throws io.clusternode.core.error.NodeExecutionException when the provider cannot be made ready (an
     *         unreachable database, an invalid setting); the provider stays unusable but can be closed
     */
    default void initialize() {
    }

    /** Releases what {@link #initialize()} opened. Idempotent; never throws for an already closed provider. */
    @Override
    default void close() {
    }
}
