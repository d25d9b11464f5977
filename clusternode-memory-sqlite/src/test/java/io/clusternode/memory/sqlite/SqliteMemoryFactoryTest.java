package io.clusternode.memory.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.Message;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import io.clusternode.memory.jdbc.JdbcMemoryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Selecting the SQLite memory by specification, what survives a restart, and paths it refuses. */
class SqliteMemoryFactoryTest {

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
                .hasMessage("memory parameter 'max' must be a whole number");
        assertThatThrownBy(() -> Providers.memory("sqlite:./x.db?colour=blue", Settings.empty()))
                .hasMessageContaining("colour").hasMessageNotContaining("blue");
        assertThatThrownBy(() -> Providers.memory("sqlite:./x.db?prefix=drop;table", Settings.empty()))
                .hasMessageContaining("table prefix");
        assertThatThrownBy(() -> Providers.memory("sqlite:./x.db?max=1&max=2", Settings.empty()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining("'max' twice");
    }

    @Test
    void refusesADeviceWithoutCreatingFilesNextToIt() {
        Path devNull = Path.of("/dev/null");
        try (MemoryProvider memory = Providers.memory("sqlite:/dev/null", Settings.empty())) {
            assertThatThrownBy(memory::initialize)
                    .isInstanceOfSatisfying(NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining("/dev/null is a device, pipe or socket, not a regular file");
        }
        for (String suffix : new String[] {"-journal", "-wal", "-shm"}) {
            assertThat(Path.of(devNull + suffix)).doesNotExist();
        }
    }

    @Test
    void refusesADirectorySayingWhatItIs() throws Exception {
        Path folder = Files.createDirectory(directory.resolve("a-folder"));
        try (MemoryProvider memory = Providers.memory("sqlite:" + folder, Settings.empty())) {
            assertThatThrownBy(() -> memory.store("s", List.of(Message.user("x"))))
                    .isInstanceOfSatisfying(NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT))
                    .hasMessageContaining(folder + " is a directory, not a regular file");
        }
        assertThat(directory.resolve("a-folder-journal")).doesNotExist();
    }
}
