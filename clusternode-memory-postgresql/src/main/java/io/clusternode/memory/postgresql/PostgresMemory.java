package io.clusternode.memory.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import io.clusternode.memory.jdbc.JdbcMemory;
import io.clusternode.memory.jdbc.JdbcMemoryOptions;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * Chat memory in PostgreSQL (kind {@value #KIND}), for several ClusterNode processes sharing conversations.
 *
 * <p>Connections come from a HikariCP pool. A store is one transaction that first upserts-and-locks the
 * session's row ({@code INSERT .. ON CONFLICT DO UPDATE .. RETURNING}), so writers to one session from any
 * number of processes serialise on that row while writers to different sessions never contend. Batched
 * inserts are rewritten by the driver into multi-row statements. The schema migration takes a transaction
 * advisory lock so two processes starting together do not both create the tables.
 *
 * <p>Concurrent stores share transactions (group commit, see {@link JdbcMemory}) in up to {@code pool - 1}
 * parallel lanes, so 64 sessions storing at once pay a few commits (each a WAL flush) instead of 64 queued
 * ones, and one connection stays free for reads.
 *
 * <p>No call waits forever: unless the specification sets them, the driver gets {@value #CONNECT_TIMEOUT_SECONDS}
 * s connect and login timeouts and a {@value #SOCKET_TIMEOUT_SECONDS} s socket (read) timeout, and the pool
 * waits at most {@value #POOL_WAIT_MILLIS} ms for a free connection. A server that accepts and never answers
 * fails the first operation with {@code TIMEOUT} after about {@value #CONNECT_TIMEOUT_SECONDS} s.
 */
public final class PostgresMemory extends JdbcMemory {

    public static final String KIND = "memory_postgres";
    private static final NodeDefinition DEFINITION = new NodeDefinition(KIND, NodeType.MEMORY,
            "Postgres Chat Memory", 1, null);

    /** Default connect and login timeout, seconds. */
    public static final int CONNECT_TIMEOUT_SECONDS = 10;
    /** Default socket read timeout, seconds. */
    public static final int SOCKET_TIMEOUT_SECONDS = 30;
    /** How long an operation waits for a pooled connection. */
    public static final int POOL_WAIT_MILLIS = 10_000;

    private final PostgresConnection connection;
    private HikariDataSource pool;

    /** A memory in the database {@code connection} names; connects on first use. */
    public PostgresMemory(PostgresConnection connection, JdbcMemoryOptions options) {
        this(connection, options, Clock.systemUTC());
    }

    /** As {@link #PostgresMemory(PostgresConnection, JdbcMemoryOptions)}, with the clock that times idleness. */
    public PostgresMemory(PostgresConnection connection, JdbcMemoryOptions options, Clock clock) {
        super(options, clock, Math.max(1, options.poolSize() - 1));
        this.connection = connection;
    }

    @Override
    public NodeDefinition definition() {
        return DEFINITION;
    }

    @Override
    protected void openConnections() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("clusternode-postgres-memory");
        config.setJdbcUrl(connection.jdbcUrl());
        config.setUsername(connection.user());
        if (connection.password() != null) {
            config.setPassword(connection.password());
        }
        config.addDataSourceProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        config.addDataSourceProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        config.addDataSourceProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "clusternode");
        connection.properties().forEach(config::addDataSourceProperty);
        config.setMaximumPoolSize(options.poolSize());
        config.setMinimumIdle(Math.min(2, options.poolSize()));
        config.setConnectionTimeout(POOL_WAIT_MILLIS);
        config.setValidationTimeout(Math.min(5_000, POOL_WAIT_MILLIS - 1));
        // Try once at start and fail at once: each attempt is bounded by the driver's login timeout.
        config.setInitializationFailTimeout(1);
        config.setAutoCommit(true);
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw failure("cannot connect (check the host, port, database, user and password)", e);
        }
    }

    @Override
    protected void closeConnections() {
        if (pool != null) {
            pool.close();
        }
    }

    @Override
    protected <T> T inTransaction(SqlWork<T> work) throws SQLException {
        return withConnection(pool, c -> {
            try {
                return transaction(c, connection -> connection.setAutoCommit(false), Connection::commit,
                        Connection::rollback, work);
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    @Override
    protected <T> T reading(SqlWork<T> work) throws SQLException {
        return withConnection(pool, work);
    }

    @Override
    protected SessionRow lockSession(Connection c, String sessionId, long now) throws SQLException {
        // xmax = 0 only for a row this statement inserted: it tells a new session from an existing one.
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO " + sessions
                + " AS s (session_id, created_at, last_access, next_seq, window_count) VALUES (?, ?, ?, 0, 0)"
                + " ON CONFLICT (session_id) DO UPDATE SET last_access = s.last_access"
                + " RETURNING created_at, last_access, next_seq, window_count, (xmax = 0) AS inserted")) {
            upsert.setString(1, sessionId);
            upsert.setLong(2, now);
            upsert.setLong(3, now);
            try (ResultSet rs = upsert.executeQuery()) {
                rs.next();
                return new SessionRow(!rs.getBoolean(5), rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4));
            }
        }
    }

    @Override
    protected List<List<String>> migrations() {
        return List.of(List.of(
                "CREATE TABLE " + sessions + " (session_id TEXT PRIMARY KEY, created_at BIGINT NOT NULL,"
                        + " last_access BIGINT NOT NULL, next_seq BIGINT NOT NULL, window_count INTEGER NOT NULL)",
                "CREATE INDEX " + sessions + "_last_access ON " + sessions + " (last_access)",
                "CREATE TABLE " + messages + " (session_id TEXT NOT NULL REFERENCES " + sessions
                        + " (session_id) ON DELETE CASCADE, seq BIGINT NOT NULL, role TEXT NOT NULL,"
                        + " content TEXT NOT NULL, tool_calls TEXT, tool_call_id TEXT, bytes BIGINT NOT NULL,"
                        + " created_at BIGINT NOT NULL, PRIMARY KEY (session_id, seq))"));
    }

    @Override
    protected void lockForMigration(Connection c) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + ("clusternode:" + options.tablePrefix()).hashCode() + ")");
        }
    }

    @Override
    protected String location() {
        return connection.jdbcUrl().substring("jdbc:".length()) + " (user " + connection.user() + ")";
    }

    /** PostgreSQL's primary message only: its detail and context lines quote row values. */
    @Override
    protected String primaryMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.BatchUpdateException batch && batch.getNextException() != null) {
                t = batch.getNextException();
            }
            if (t instanceof PSQLException psql) {
                ServerErrorMessage server = psql.getServerErrorMessage();
                if (server != null && server.getMessage() != null) {
                    return server.getMessage();
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    @Override
    protected String databaseName() {
        return "PostgreSQL";
    }
}
