package io.clusternode.memory.postgresql;

import java.util.Map;
import java.util.Objects;

/**
 * Where a PostgreSQL memory connects. The password is kept apart from the URL so that nothing that prints
 * the URL (pool logs, error messages, {@link #toString()}) can show it.
 *
 * @param jdbcUrl    {@code jdbc:postgresql://host:port/database}, without credentials
 * @param user       the user name
 * @param password   the password, or null for trust / peer / .pgpass authentication
 * @param properties further driver properties (e.g. {@code sslmode})
 */
public record PostgresConnection(String jdbcUrl, String user, String password, Map<String, String> properties) {

    public PostgresConnection {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** The URL and user, never the password. */
    @Override
    public String toString() {
        return "PostgresConnection[" + jdbcUrl + ", user=" + user + (password == null ? "" : ", password=***") + "]";
    }
}
