package io.clusternode.memory.sqlite;

import io.clusternode.core.memory.MemorySpec;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.MemoryProviderFactory;
import io.clusternode.core.spi.Settings;
import io.clusternode.memory.jdbc.JdbcMemoryOptions;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * {@code sqlite:PATH[?max=N&ttl=SECONDS&pool=N&prefix=NAME]} (or {@code jdbc:sqlite:PATH...}): a
 * {@link SqliteMemory} in that file, created with its directories if missing.
 */
public final class SqliteMemoryFactory implements MemoryProviderFactory {

    @Override
    public boolean accepts(String spec) {
        return spec.startsWith("sqlite:") || spec.startsWith("jdbc:sqlite:");
    }

    @Override
    public String description() {
        return "sqlite:PATH[?max=N&ttl=SECONDS]  persistent memory in a SQLite file (embedded)";
    }

    /**
     * @throws io.clusternode.core.error.NodeExecutionException with {@code INVALID_INPUT} for a missing path or
     *                                                          a bad, unknown or repeated parameter
     */
    @Override
    public MemoryProvider create(String spec, Settings settings) {
        MemorySpec parsed = MemorySpec.parse(spec, "SQLite");
        JdbcMemoryOptions options = JdbcMemoryOptions.from(parsed, settings);
        parsed.requireNoneLeft("max, ttl, pool, prefix");
        String before = parsed.beforeQuery();
        String path = before.substring(before.startsWith("jdbc:") ? "jdbc:sqlite:".length() : "sqlite:".length());
        if (path.startsWith("//")) {
            path = path.substring(2);
        }
        if (path.isBlank()) {
            throw parsed.invalid("needs a file, e.g. sqlite:./chat.db");
        }
        Path file;
        try {
            file = Path.of(path);
        } catch (InvalidPathException e) {
            throw parsed.invalid("has a path that is not valid on this system");
        }
        return new SqliteMemory(file, options);
    }
}
