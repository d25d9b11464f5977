package io.clusternode.core.spi;

/**
 * What every node implements. Providers are immutable after construction, thread-safe and shared by any
 * number of concurrent runs; per-run state lives in the run.
 */
public interface SubNodeProvider extends AutoCloseable {

    NodeDefinition definition();

    default NodeType type() {
        return definition().type();
    }

    default String kind() {
        return definition().kind();
    }

    /**
     * Prepares the provider (opens pools, creates schemas, checks configuration). Idempotent. The default
     * does nothing; providers that need no preparation work without it.
     */
    default void initialize() {
    }

    /** Releases what {@link #initialize()} opened. Idempotent. */
    @Override
    default void close() {
    }
}
