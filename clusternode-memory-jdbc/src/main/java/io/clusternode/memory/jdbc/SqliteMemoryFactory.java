package io.clusternode.memory.jdbc;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.MemoryProviderFactory;
import io.clusternode.core.spi.Settings;
import java.nio.file.Path;
import java.util.Map;

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

    @Override
    public MemoryProvider create(String spec, Settings settings) {
        String rest = spec.startsWith("jdbc:") ? spec.substring("jdbc:sqlite:".length()) : spec.substring("sqlite:".length());
        int question = rest.indexOf('?');
        String path = question < 0 ? rest : rest.substring(0, question);
        Map<String, String> parameters = SpecParameters.parse(question < 0 ? null : rest.substring(question + 1), spec);
        JdbcMemoryOptions options = SpecParameters.options(parameters, settings);
        if (!parameters.isEmpty()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "unknown SQLite memory parameter(s) "
                    + parameters.keySet() + "; known: max, ttl, pool, prefix");
        }
        if (path.startsWith("//")) {
            path = path.substring(2);
        }
        if (path.isBlank()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "SQLite memory needs a file, e.g. sqlite:./chat.db");
        }
        return new SqliteMemory(Path.of(path), options);
    }
}
