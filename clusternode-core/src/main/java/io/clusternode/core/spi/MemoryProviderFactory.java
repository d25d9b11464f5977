package io.clusternode.core.spi;

/**
 * Creates memory providers from a memory specification such as {@code sqlite:./chat.db} or
 * {@code redis://127.0.0.1:6379}. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.clusternode.core.spi.MemoryProviderFactory}).
 */
public interface MemoryProviderFactory {

    /** Whether this factory handles the specification (usually by its scheme). */
    boolean accepts(String spec);

    /** One line for help texts, e.g. {@code sqlite:PATH  persistent memory in a SQLite file}. */
    String description();

    /**
     * Creates a memory for a specification this factory {@link #accepts}; it is not initialised (connected) yet.
     *
     * @param spec     the specification, e.g. {@code postgresql://user@host/db?max=50}
     * @param settings environment and configuration values that fill what the spec leaves out (passwords)
     * @throws io.clusternode.core.error.NodeExecutionException {@code INVALID_INPUT} for a malformed spec
     */
    MemoryProvider create(String spec, Settings settings);
}
