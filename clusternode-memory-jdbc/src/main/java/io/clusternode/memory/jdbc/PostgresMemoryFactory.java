package io.clusternode.memory.jdbc;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.MemoryProviderFactory;
import io.clusternode.core.spi.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * {@code postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE[?max=N&ttl=SECONDS&pool=N&prefix=NAME&...]}, also
 * spelled {@code postgres://...} or {@code jdbc:postgresql://HOST:PORT/DB?user=U&password=P&...}: a
 * {@link PostgresMemory}. Parameters other than the memory's own go to the JDBC driver (e.g.
 * {@code sslmode=require}). A missing user or password falls back to the settings {@code PGUSER} /
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

    /** Parses a specification without connecting. */
    public static PostgresSpec parse(String spec, Settings settings) {
        String withoutJdbc = spec.startsWith("jdbc:") ? spec.substring("jdbc:".length()) : spec;
        URI uri;
        try {
            uri = new URI(withoutJdbc);
        } catch (URISyntaxException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "PostgreSQL memory '" + SpecParameters.redact(spec)
                    + "' is not a valid URL; use postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
        }
        if (uri.getHost() == null) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "PostgreSQL memory '" + SpecParameters.redact(spec)
                    + "' has no host; use postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = SpecParameters.decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : SpecParameters.decode(info.substring(colon + 1));
        }
        Map<String, String> parameters = SpecParameters.parse(uri.getRawQuery(), spec);
        JdbcMemoryOptions options = SpecParameters.options(parameters, settings);
        String queryUser = parameters.remove("user");
        String queryPassword = parameters.remove("password");
        user = firstNonBlank(user, queryUser, settings.get("PGUSER").orElse(null), "postgres");
        password = firstNonBlank(password, queryPassword, settings.get("PGPASSWORD").orElse(null), null);
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isEmpty()) {
            database = settings.get("PGDATABASE", "postgres");
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + database;
        return new PostgresSpec(new PostgresConnection(jdbcUrl, user, password, parameters), options);
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
