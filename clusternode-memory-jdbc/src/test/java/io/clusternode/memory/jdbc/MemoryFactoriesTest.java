package io.clusternode.memory.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.Message;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.testing.RequiredServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Selecting SQL memories by specification, and what survives a restart. */
class MemoryFactoriesTest {

    @TempDir
    Path directory;

    @Test
    void sqliteSpecSelectsAPersistentMemoryThatSurvivesARestart() {
        String spec = "sqlite:" + directory.resolve("sub/dir/chat.db") + "?max=5&ttl=0";
        try (MemoryProvider memory = Providers.memory(spec, Settings.empty())) {
            assertThat(memory).isInstanceOf(SqliteMemory.class);
            assertThat(memory.kind()).isEqualTo(SqliteMemory.KIND);
            assertThat(((SqliteMemory) memory).maxMessages()).isEqualTo(5);
            memory.store("alice", List.of(Message.user("My name is Alice"), Message.assistant("Hi Alice")));
        }
        try (MemoryProvider reopened = Providers.memory("jdbc:" + spec, Settings.empty())) {
            assertThat(reopened.retrieve("alice", 10)).containsExactly(Message.user("My name is Alice"),
                    Message.assistant("Hi Alice"));
            assertThat(reopened.sessions()).singleElement().satisfies(s -> assertThat(s.messageCount()).isEqualTo(2));
        }
    }

    @Test
    void sqliteUsesWalAndRecordsTheSchemaVersion() throws Exception {
        Path file = directory.resolve("wal.db");
        try (SqliteMemory memory = new SqliteMemory(file, JdbcMemoryOptions.defaults())) {
            memory.initialize();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
                }
                try (ResultSet rs = s.executeQuery("SELECT version FROM clusternode_schema_version")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(memory.schemaVersion()).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void refusesASchemaNewerThanItKnows() throws Exception {
        Path file = directory.resolve("future.db");
        try (SqliteMemory memory = new SqliteMemory(file, JdbcMemoryOptions.defaults())) {
            memory.initialize();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE clusternode_schema_version SET version = 99");
        }
        try (SqliteMemory memory = new SqliteMemory(file, JdbcMemoryOptions.defaults())) {
            assertThatThrownBy(memory::initialize)
                    .isInstanceOfSatisfying(NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.MEMORY_ERROR))
                    .hasMessageContaining("schema version 99");
        }
    }

    @Test
    void rejectsBadSpecificationsClearly() {
        assertThatThrownBy(() -> Providers.memory("sqlite:", Settings.empty()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> Providers.memory("sqlite:./x.db?max=lots", Settings.empty()))
                .hasMessageContaining("max");
        assertThatThrownBy(() -> Providers.memory("sqlite:./x.db?colour=blue", Settings.empty()))
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> Providers.memory("sqlite:./x.db?prefix=drop;table", Settings.empty()))
                .hasMessageContaining("table prefix");
    }

    @Test
    void postgresSpecsKeepThePasswordOutOfUrlsAndMessages() {
        PostgresMemoryFactory.PostgresSpec spec = PostgresMemoryFactory.parse(
                "postgresql://bob:s3cr%40t@db.example:6543/chat?max=20&ttl=60&pool=3&prefix=cn_&sslmode=require",
                Settings.empty());
        assertThat(spec.connection().jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/chat");
        assertThat(spec.connection().user()).isEqualTo("bob");
        assertThat(spec.connection().password()).isEqualTo("s3cr@t");
        assertThat(spec.connection().properties()).isEqualTo(Map.of("sslmode", "require"));
        assertThat(spec.options()).isEqualTo(new JdbcMemoryOptions(20, Duration.ofSeconds(60), 3, "cn_"));
        assertThat(spec.connection().toString()).doesNotContain("s3cr");
        assertThat(new PostgresMemory(spec.connection(), spec.options()).toString()).doesNotContain("s3cr");

        PostgresMemoryFactory.PostgresSpec jdbc = PostgresMemoryFactory.parse(
                "jdbc:postgresql://127.0.0.1/test?user=alice&password=pw", Settings.of(Map.of("PGPASSWORD", "other")));
        assertThat(jdbc.connection().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(jdbc.connection().user()).isEqualTo("alice");
        assertThat(jdbc.connection().password()).isEqualTo("pw");
        assertThat(jdbc.connection().properties()).isEmpty();

        PostgresMemoryFactory.PostgresSpec fromSettings = PostgresMemoryFactory.parse("postgres://h/db",
                Settings.of(Map.of("PGUSER", "u", "PGPASSWORD", "p", "MEMORY_MAX_MESSAGES", "7")));
        assertThat(fromSettings.connection().user()).isEqualTo("u");
        assertThat(fromSettings.connection().password()).isEqualTo("p");
        assertThat(fromSettings.options().maxMessages()).isEqualTo(7);
    }

    @Test
    void aWrongPostgresPasswordFailsWithoutShowingIt() {
        RequiredServices.requirePostgres();
        // Trust authentication accepts any password, so use a database that does not exist to force a failure.
        try (MemoryProvider memory = Providers.memory(
                "postgresql://postgres:TopSecret99@127.0.0.1:5432/no_such_db_cn?pool=1", Settings.empty())) {
            assertThatThrownBy(() -> memory.store("s", List.of(Message.user("x"))))
                    .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MEMORY_ERROR);
                        assertThat(e.getMessage()).contains("127.0.0.1:5432/no_such_db_cn")
                                .doesNotContain("TopSecret99");
                    });
        }
    }

    @Test
    void postgresSpecSelectsThePostgresMemory() {
        RequiredServices.requirePostgres();
        PostgresTables tables = new PostgresTables();
        String prefix = tables.newPrefix();
        try {
            try (MemoryProvider memory = Providers.memory("postgresql://postgres@127.0.0.1:5432/test?prefix=" + prefix,
                    Settings.empty())) {
                assertThat(memory.kind()).isEqualTo(PostgresMemory.KIND);
                memory.store("alice", List.of(Message.user("My name is Alice")));
            }
            try (MemoryProvider again = Providers.memory("jdbc:postgresql://127.0.0.1:5432/test?user=postgres&prefix="
                    + prefix, Settings.empty())) {
                assertThat(again.retrieve("alice", 10)).containsExactly(Message.user("My name is Alice"));
            }
        } finally {
            try {
                tables.dropAll();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
