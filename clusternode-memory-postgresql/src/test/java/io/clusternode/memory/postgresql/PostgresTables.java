package io.clusternode.memory.postgresql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Unique table prefixes in the test database and their clean-up, so runs never share tables. */
final class PostgresTables {

    static final PostgresConnection CONNECTION = new PostgresConnection("jdbc:postgresql://127.0.0.1:5432/test",
            "postgres", null, Map.of());

    private final List<String> prefixes = new ArrayList<>();

    String newPrefix() {
        String prefix = "cnt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";
        prefixes.add(prefix);
        return prefix;
    }

    void dropAll() throws SQLException {
        if (prefixes.isEmpty()) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(CONNECTION.jdbcUrl(), CONNECTION.user(), null);
             Statement statement = connection.createStatement()) {
            for (String prefix : prefixes) {
                statement.execute("DROP TABLE IF EXISTS " + prefix + "messages, " + prefix + "sessions, " + prefix
                        + "schema_version");
            }
        }
        prefixes.clear();
    }
}
