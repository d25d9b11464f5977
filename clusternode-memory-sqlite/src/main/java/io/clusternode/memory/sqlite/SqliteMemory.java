package io.clusternode.memory.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import io.clusternode.memory.jdbc.JdbcMemory;
import io.clusternode.memory.jdbc.JdbcMemoryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * Persistent chat memory in one SQLite file (kind {@value #KIND}), the embedded default that survives restarts
 * with no server.
 *
 * <p>SQLite allows one writer at a time per file. Instead of letting concurrent writers collide and fail
 * with {@code SQLITE_BUSY}, every write in this process goes through a single writer connection guarded by a
 * {@link ReentrantLock} (virtual threads park on it without pinning), and each write transaction starts with
 * {@code BEGIN IMMEDIATE} under a busy timeout, so another process writing the same file is waited for rather
 * than failed: a deferred transaction that upgrades from read to write could fail at once with
 * {@code SQLITE_BUSY} without ever waiting. Reads run in parallel on a small
 * bounded pool of reader connections: in WAL mode they never block the writer nor each other.
 *
 * <p>Concurrent stores share transactions (group commit, see {@link JdbcMemory}): with one writer, 64 sessions
 * storing at once are written in a few transactions instead of 64 queued ones. Durability is unchanged: WAL
 * with {@code synchronous=NORMAL}, so a committed turn survives the process being killed.
 *
 * <p>The path must be a regular file or not exist yet; a directory, a device such as {@code /dev/null}, a
 * pipe or a socket is refused before SQLite touches it (it would create {@code PATH-journal} and
 * {@code PATH-wal} files next to it).
 */
public final class SqliteMemory extends JdbcMemory {

    public static final String KIND = "memory_sqlite";
    private static final NodeDefinition DEFINITION = new NodeDefinition(KIND, NodeType.MEMORY, "SQLite Chat Memory",
            1, null);
    /** How long a write waits for another process's write lock on the file. */
    private static final int BUSY_TIMEOUT_MILLIS = 30_000;
    /** How long a read waits for a free reader connection. */
    private static final int POOL_WAIT_MILLIS = 10_000;

    private final Path file;
    /** Fair, so writers (group leaders, clears, purges) are served in arrival order. */
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private HikariDataSource readers;
    private Connection writer;

    /**
     * A memory in {@code file}, created with its directories on first use.
     *
     * @throws NodeExecutionException with {@code INVALID_INPUT} for a blank path or {@code :memory:}
     */
    public SqliteMemory(Path file, JdbcMemoryOptions options) {
        this(file, options, Clock.systemUTC());
    }

    /** As {@link #SqliteMemory(Path, JdbcMemoryOptions)}, with the clock that times idleness. */
    public SqliteMemory(Path file, JdbcMemoryOptions options, Clock clock) {
        super(options, clock, 1);
        if (file == null || file.toString().isBlank() || file.toString().startsWith(":memory:")) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT,
                    "SQLite memory needs a file path, e.g. sqlite:./chat.db (use 'window' for in-process memory)");
        }
        this.file = file.toAbsolutePath().normalize();
    }

    @Override
    public NodeDefinition definition() {
        return DEFINITION;
    }

    public Path file() {
        return file;
    }

    private String url() {
        return "jdbc:sqlite:" + file;
    }

    private SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        return config;
    }

    /** Refuses a path that exists but is no regular file, saying what it is. */
    private void requireRegularFileOrAbsent() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw failure("cannot inspect the database file", e);
        }
        if (attributes.isRegularFile()) {
            return;
        }
        String what = attributes.isDirectory() ? "a directory" : "a device, pipe or socket";
        throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "SQLite memory path " + file + " is " + what
                + ", not a regular file; give a file path, e.g. sqlite:./chat.db");
    }

    @Override
    protected void openConnections() {
        requireRegularFileOrAbsent();
        Path parent = file.getParent();
        if (parent != null && Files.exists(parent, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(parent)) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "SQLite memory path " + file
                    + " is inside " + parent + ", which is not a directory");
        }
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
            writer = DriverManager.getConnection(url(), config().toProperties());
        } catch (IOException | SQLException e) {
            throw failure("cannot open the database file", e);
        }
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("clusternode-sqlite-readers");
        pool.setJdbcUrl(url());
        Properties properties = config().toProperties();
        properties.forEach((key, value) -> pool.addDataSourceProperty(key.toString(), value));
        pool.setMaximumPoolSize(options.poolSize());
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(POOL_WAIT_MILLIS);
        pool.setAutoCommit(true);
        try {
            readers = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            closeWriter();
            throw failure("cannot open reader connections", e);
        }
    }

    @Override
    protected void closeConnections() {
        writeLock.lock();
        try {
            closeWriter();
        } finally {
            writeLock.unlock();
        }
        if (readers != null) {
            readers.close();
        }
    }

    private void closeWriter() {
        if (writer != null) {
            try {
                writer.close();
            } catch (SQLException e) {
                // Closing is best effort: the file stays consistent (WAL), nothing is lost by ignoring this.
            }
        }
    }

    @Override
    protected <T> T inTransaction(SqlWork<T> work) throws SQLException {
        writeLock.lock();
        try {
            if (writer == null || writer.isClosed()) {
                throw new NodeExecutionException(ErrorCode.PROVIDER_CLOSED, this + " is closed");
            }
            // Explicit statements rather than setAutoCommit(false): the driver would open the next transaction
            // right after each commit and so hold the file's write lock between stores, locking out every
            // other process.
            try (Statement statement = writer.createStatement()) {
                return transaction(writer, c -> statement.execute("BEGIN IMMEDIATE"),
                        c -> statement.execute("COMMIT"), c -> statement.execute("ROLLBACK"), work);
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    protected <T> T reading(SqlWork<T> work) throws SQLException {
        return withConnection(readers, work);
    }

    @Override
    protected SessionRow lockSession(Connection connection, String sessionId, long now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT created_at, last_access, next_seq,"
                + " window_count FROM " + sessions + " WHERE session_id = ?")) {
            select.setString(1, sessionId);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    return new SessionRow(true, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4));
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + sessions
                + " (session_id, created_at, last_access, next_seq, window_count) VALUES (?, ?, ?, 0, 0)")) {
            insert.setString(1, sessionId);
            insert.setLong(2, now);
            insert.setLong(3, now);
            insert.executeUpdate();
        }
        return new SessionRow(false, now, now, 0, 0);
    }

    @Override
    protected List<List<String>> migrations() {
        return List.of(List.of(
                "CREATE TABLE " + sessions + " (session_id TEXT PRIMARY KEY, created_at INTEGER NOT NULL,"
                        + " last_access INTEGER NOT NULL, next_seq INTEGER NOT NULL, window_count INTEGER NOT NULL)",
                "CREATE INDEX " + sessions + "_last_access ON " + sessions + " (last_access)",
                "CREATE TABLE " + messages + " (session_id TEXT NOT NULL REFERENCES " + sessions
                        + " (session_id) ON DELETE CASCADE, seq INTEGER NOT NULL, role TEXT NOT NULL,"
                        + " content TEXT NOT NULL, tool_calls TEXT, tool_call_id TEXT, bytes INTEGER NOT NULL,"
                        + " created_at INTEGER NOT NULL, PRIMARY KEY (session_id, seq))"));
    }

    @Override
    protected void lockForMigration(Connection connection) {
        // BEGIN IMMEDIATE already holds SQLite's write lock for the whole migration transaction.
    }

    @Override
    protected String location() {
        return file.toString();
    }

    @Override
    protected String databaseName() {
        return "SQLite";
    }
}
