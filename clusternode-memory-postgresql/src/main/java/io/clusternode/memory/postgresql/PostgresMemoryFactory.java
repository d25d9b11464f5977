package io.clusternode.memory.postgresql;

import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.memory.MemorySpec;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.MemoryProviderFactory;
import io.clusternode.core.spi.Settings;
import io.clusternode.memory.jdbc.JdbcMemoryOptions;

/**
 * {@code postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE[?max=N&ttl=SECONDS&pool=N&prefix=NAME&...]}, also
 * spelled {@code postgres://...} or {@code jdbc:postgresql://HOST:PORT/DB?user=U&password=P&...}: a
 * {@link PostgresMemory}. Parameters other than the memory's own go to the JDBC driver (e.g.
 * {@code sslmode=require}, or {@code connectTimeout}, {@code loginTimeout}, {@code socketTimeout} in seconds
 * to change the defaults of {@link PostgresMemory}). A missing user or password falls back to the settings {@code PGUSER} /
 * {@code PGPASSWORD}, then to user {@code postgres} without password.
 */
public final class PostgresMemoryFactory implements MemoryProviderFactory {

    @Override
    public boolean accepts(String spec) {
        return spec.startsWith("postgresql://") || spec.startsWith("postgres://") || spec.startsWith("jdbc:postgresql://");
    }

    @Override
    public String description() {
        return "postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?max=N&ttl=SECONDS]  shared memory in PostgreSQL";
    }

    @Override
    public MemoryProvider create(String spec, Settings settings) {
        PostgresSpec parsed = parse(spec, settings);
        return new PostgresMemory(parsed.connection(), parsed.options());
    }

    /** A parsed specification. */
    public record PostgresSpec(PostgresConnection connection, JdbcMemoryOptions options) {
    }

    /**
     * Parses a specification without connecting.
     *
     * @throws NodeExecutionException with {@code INVALID_INPUT} for a malformed URL or a bad or repeated
     *                                parameter; messages show the specification redacted
     */
    public static PostgresSpec parse(String spec, Settings settings) {
        MemorySpec parsed = MemorySpec.parse(spec, "PostgreSQL");
        MemorySpec.Server server = parsed.server("use postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
        String user = server.user();
        String password = server.password();
        JdbcMemoryOptions options = JdbcMemoryOptions.from(parsed, settings);
        String queryUser = parsed.take("user").orElse(null);
        String queryPassword = parsed.take("password").orElse(null);
        user = firstNonBlank(user, queryUser, settings.get("PGUSER").orElse(null), "postgres");
        password = firstNonBlank(password, queryPassword, settings.get("PGPASSWORD").orElse(null), null);
        String database = server.path();
        if (database.isEmpty()) {
            database = settings.get("PGDATABASE", "postgres");
        }
        int port = server.port() < 0 ? 5432 : server.port();
        String jdbcUrl = "jdbc:postgresql://" + server.host() + ":" + port + "/" + database;
        return new PostgresSpec(new PostgresConnection(jdbcUrl, user, password, parsed.remaining()), options);
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
