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

    MemoryProvider create(String spec, Settings settings);
}
