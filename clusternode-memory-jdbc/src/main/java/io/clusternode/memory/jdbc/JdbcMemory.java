package io.clusternode.memory.jdbc;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.memory.GroupCommit;
import io.clusternode.core.memory.MemoryArguments;
import io.clusternode.core.memory.SessionIds;
import io.clusternode.core.memory.StoredSize;
import io.clusternode.core.memory.ToolCallCodec;
import io.clusternode.core.memory.WindowPlanner;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.SessionStats;
import io.clusternode.core.spi.MemoryProvider;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat memory in SQL tables, shared by the SQLite and PostgreSQL memories (modules {@code clusternode-memory-sqlite}
 * and {@code clusternode-memory-postgresql}); the subclasses supply
 * connections, transactions and the few statements whose syntax differs.
 *
 * <p>Schema (names carry the configured table prefix): {@code schema_version(version)};
 * {@code sessions(session_id PK, created_at, last_access, next_seq, window_count)} with times in epoch
 * milliseconds; {@code messages(session_id FK ON DELETE CASCADE, seq, role, content, tool_calls JSON text,
 * tool_call_id, bytes, created_at, PK(session_id, seq))}. Only the window is kept: evicted rows are deleted
 * in the same transaction that appends, so reads never filter out dead history.
 *
 * <p>Why a {@code sessions} row: it is the per-session lock (every store locks it first, so two processes
 * writing one session serialise and seq numbers never collide), it holds the count of windowed messages so
 * a store that does not overflow needs no read of the messages at all, and it carries the idle time that
 * expiry needs. Expired sessions read as absent at once (lazy) and are deleted by a periodic purge.
 *
 * <p>Concurrent stores are written by {@link GroupCommit}: every turn waiting when a transaction starts goes
 * into it, with one commit for all; if that transaction fails, its turns are written again one transaction
 * each, so a turn the database refuses (e.g. a value it cannot hold) fails alone. Turns are written in session-id order, the one lock order every process
 * follows, so two processes never deadlock on each other's session rows. {@link #storeBatch} writes a whole
 * batch in one transaction the same way.
 *
 * <p>Errors never quote SQL nor row values: driver exceptions are summarised by {@link SqlFailures}.
 */
public abstract class JdbcMemory implements MemoryProvider {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcMemory.class);

    /** Extra held roles fetched beyond the overflow, so a run of tool results rarely needs a second query. */
    private static final int ROLE_LOOKAHEAD = 16;

    private static final class PurgerHolder {
        static final ScheduledExecutorService PURGER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "clusternode-jdbc-memory-purge");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Work on a connection inside a transaction or a read. */
    @FunctionalInterface
    protected interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** One step of a transaction's bracket on a connection: begin, commit or roll back. */
    @FunctionalInterface
    protected interface SqlStep {
        void run(Connection connection) throws SQLException;
    }

    /**
     * The transaction bracket every dialect shares: {@code begin}, the work, {@code commit}; on any failure of
     * the work or the commit, {@code rollback} (a failing rollback is attached to the original failure as
     * suppressed) and the failure is rethrown. How a dialect begins and ends a transaction differs (auto-commit
     * off, or explicit statements); the order and the failure handling do not.
     */
    protected static <T> T transaction(Connection connection, SqlStep begin, SqlStep commit, SqlStep rollback,
                                       SqlWork<T> work) throws SQLException {
        begin.run(connection);
        try {
            T result = work.run(connection);
            commit.run(connection);
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            try {
                rollback.run(connection);
            } catch (SQLException failed) {
                e.addSuppressed(failed);
            }
            throw e;
        }
    }

    /** Runs work on a connection borrowed from {@code pool} and returns the connection afterwards. */
    protected static <T> T withConnection(DataSource pool, SqlWork<T> work) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        }
    }

    /**
     * A session row as a store finds it after locking it.
     *
     * @param existed     whether the row was there before this store
     * @param createdAt   creation time, epoch ms
     * @param lastAccess  last use, epoch ms
     * @param nextSeq     sequence number of the next message
     * @param windowCount non-system messages held
     */
    public record SessionRow(boolean existed, long createdAt, long lastAccess, long nextSeq, int windowCount) {
    }

    /** One turn to store: its messages and the tool-result flags of the non-system ones. */
    private static final class PendingTurn {
        private final List<Message> messages;
        private final boolean[] newIsTool;

        PendingTurn(List<Message> messages, boolean[] newIsTool) {
            this.messages = messages;
            this.newIsTool = newIsTool;
        }

        List<Message> messages() {
            return messages;
        }

        boolean[] newIsTool() {
            return newIsTool;
        }
    }

    /** Orders a group's turns by session id (stable, so one session's turns keep their order). */
    private static final Comparator<GroupCommit.Turn<PendingTurn>> LOCK_ORDER =
            Comparator.comparing(GroupCommit.Turn::sessionId);

    /** Most turns written in one group transaction. */
    private static final int MAX_GROUP = 256;

    protected final JdbcMemoryOptions options;
    protected final String sessions;
    protected final String messages;
    protected final String schemaVersion;
    private final long ttlMillis;
    private final long touchMillis;
    private final Clock clock;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private volatile boolean opened;
    private volatile boolean closed;
    private ScheduledFuture<?> purge;
    private final GroupCommit<PendingTurn> writes;

    private final String insertMessage;
    private final String deleteSessionMessages;
    private final String deleteEvicted;
    private final String heldRoles;
    private final String updateSession;
    private final String retrieveLast;
    private final String retrieveSystem;
    private final String touch;
    private final String statsOne;
    private final String statsAll;
    private final String sessionLastAccess;
    private final String deleteSession;
    private final String purgeExpired;

    /**
     * @param options     window, TTL, pool and table prefix
     * @param clock       times idleness and stamps sessions
     * @param writeLanes  group transactions written in parallel (1 for a single-writer database)
     */
    // The group writer captures this, but runs only on store(), after construction has finished.
    @SuppressWarnings("this-escape")
    protected JdbcMemory(JdbcMemoryOptions options, Clock clock, int writeLanes) {
        this.options = options;
        this.clock = clock;
        this.writes = new GroupCommit<>(writeLanes, MAX_GROUP, this::writeGroup);
        this.ttlMillis = options.ttl().isZero() ? Long.MAX_VALUE : options.ttl().toMillis();
        this.touchMillis = options.ttl().isZero() ? 1000 : Math.max(1, Math.min(1000, ttlMillis / 10));
        String p = options.tablePrefix();
        this.sessions = p + "sessions";
        this.messages = p + "messages";
        this.schemaVersion = p + "schema_version";
        String m = messages;
        this.insertMessage = "INSERT INTO " + m
                + " (session_id, seq, role, content, tool_calls, tool_call_id, bytes, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        this.deleteSessionMessages = "DELETE FROM " + m + " WHERE session_id = ?";
        this.deleteEvicted = "DELETE FROM " + m + " WHERE session_id = ? AND role <> 'system' AND seq < ?";
        this.heldRoles = "SELECT seq, role FROM " + m + " WHERE session_id = ? AND role <> 'system'"
                + " ORDER BY seq LIMIT ?";
        this.updateSession = "UPDATE " + sessions
                + " SET created_at = ?, last_access = ?, next_seq = ?, window_count = ? WHERE session_id = ?";
        String columns = "m.seq, m.role, m.content, m.tool_calls, m.tool_call_id, s.last_access";
        this.retrieveLast = "SELECT " + columns + " FROM " + sessions + " s JOIN " + m
                + " m ON m.session_id = s.session_id WHERE s.session_id = ? AND s.last_access >= ?"
                + " AND (m.role = 'system' OR m.seq >= COALESCE((SELECT l.seq FROM " + m + " l"
                + " WHERE l.session_id = ? AND l.role <> 'system' ORDER BY l.seq DESC LIMIT 1 OFFSET ?), 0))"
                + " ORDER BY m.seq";
        this.retrieveSystem = "SELECT " + columns + " FROM " + sessions + " s JOIN " + m
                + " m ON m.session_id = s.session_id WHERE s.session_id = ? AND s.last_access >= ?"
                + " AND m.role = 'system' ORDER BY m.seq";
        this.touch = "UPDATE " + sessions + " SET last_access = ? WHERE session_id = ? AND last_access < ?";
        String statsSelect = "SELECT s.session_id, s.created_at, s.last_access, COUNT(m.seq), COALESCE(SUM(m.bytes), 0)"
                + " FROM " + sessions + " s LEFT JOIN " + m + " m ON m.session_id = s.session_id";
        String group = " GROUP BY s.session_id, s.created_at, s.last_access";
        this.statsOne = statsSelect + " WHERE s.session_id = ? AND s.last_access >= ?" + group;
        this.statsAll = statsSelect + " WHERE s.last_access >= ?" + group + " ORDER BY s.last_access DESC, s.session_id";
        this.sessionLastAccess = "SELECT last_access FROM " + sessions + " WHERE session_id = ?";
        this.deleteSession = "DELETE FROM " + sessions + " WHERE session_id = ?";
        this.purgeExpired = "DELETE FROM " + sessions + " WHERE last_access < ?";
    }

    // ---- what the dialects supply ----------------------------------------------------------------------

    /** Opens pools and connections. Called once, under the lifecycle lock. */
    protected abstract void openConnections();

    /** Releases what {@link #openConnections()} opened. */
    protected abstract void closeConnections();

    /** Runs work in one write transaction, committed on success and rolled back on any failure. */
    protected abstract <T> T inTransaction(SqlWork<T> work) throws SQLException;

    /** Runs read-only work on a pooled connection in auto-commit mode. */
    protected abstract <T> T reading(SqlWork<T> work) throws SQLException;

    /** Locks the session's row for this transaction, creating it if missing. */
    protected abstract SessionRow lockSession(Connection connection, String sessionId, long now) throws SQLException;

    /** The DDL of each schema version, index 0 being version 1. */
    protected abstract List<List<String>> migrations();

    /** Serialises concurrent migrations from several processes, inside the migration transaction. */
    protected abstract void lockForMigration(Connection connection) throws SQLException;

    /** Where the store is, for messages: never with a password. */
    protected abstract String location();

    /** "SQLite" or "PostgreSQL". */
    protected abstract String databaseName();

    /**
     * The driver's own one-line message for a failure, without SQL text or row values, when the dialect can
     * tell it apart; null to use the first line of the exception's message.
     */
    protected String primaryMessage(Throwable e) {
        return null;
    }

    // ---- lifecycle -------------------------------------------------------------------------------------

    @Override
    public void initialize() {
        ensureOpen();
    }

    private void ensureOpen() {
        if (opened) {
            return;
        }
        lifecycle.lock();
        try {
            if (closed) {
                throw new NodeExecutionException(ErrorCode.PROVIDER_CLOSED, this + " is closed");
            }
            if (opened) {
                return;
            }
            openConnections();
            try {
                migrate();
            } catch (SQLException | RuntimeException e) {
                closeConnections();
                throw failure("cannot prepare the schema", e);
            }
            if (ttlMillis != Long.MAX_VALUE) {
                long interval = Math.max(1000, Math.min(ttlMillis / 2, 60_000));
                purge = PurgerHolder.PURGER.scheduleWithFixedDelay(this::purgeQuietly, interval, interval,
                        TimeUnit.MILLISECONDS);
            }
            opened = true;
        } finally {
            lifecycle.unlock();
        }
    }

    @Override
    public void close() {
        lifecycle.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (purge != null) {
                purge.cancel(false);
            }
            if (opened) {
                opened = false;
                closeConnections();
            }
        } finally {
            lifecycle.unlock();
        }
    }

    private void checkUsable() {
        if (closed) {
            throw new NodeExecutionException(ErrorCode.PROVIDER_CLOSED, this + " is closed");
        }
        ensureOpen();
    }

    /** The schema version this code writes. */
    public int schemaVersion() {
        return migrations().size();
    }

    private void migrate() throws SQLException {
        inTransaction(connection -> {
            lockForMigration(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + schemaVersion + " (version INTEGER NOT NULL)");
                int current;
                try (ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM " + schemaVersion)) {
                    rs.next();
                    current = rs.getInt(1);
                    if (rs.wasNull()) {
                        statement.executeUpdate("INSERT INTO " + schemaVersion + " (version) VALUES (0)");
                        current = 0;
                    }
                }
                List<List<String>> steps = migrations();
                if (current > steps.size()) {
                    throw new NodeExecutionException(ErrorCode.MEMORY_ERROR, databaseName() + " memory at "
                            + location() + " has schema version " + current + " but this ClusterNode knows only up to "
                            + steps.size() + "; upgrade ClusterNode or use another table prefix");
                }
                for (int version = current + 1; version <= steps.size(); version++) {
                    for (String ddl : steps.get(version - 1)) {
                        statement.execute(ddl);
                    }
                    statement.executeUpdate("UPDATE " + schemaVersion + " SET version = " + version);
                    LOG.info("{} memory at {}: schema migrated to version {}", databaseName(), location(), version);
                }
            }
            return null;
        });
    }

    // ---- operations ------------------------------------------------------------------------------------

    @Override
    public void store(String sessionId, List<Message> newMessages) {
        SessionIds.requireValid(sessionId);
        MemoryArguments.requireMessages(newMessages);
        if (newMessages.isEmpty()) {
            return;
        }
        checkUsable();
        writes.submit(sessionId, new PendingTurn(newMessages, WindowPlanner.nonSystemToolFlags(newMessages)));
    }

    /**
     * Writes every turn of one group in one transaction. Should that fail, the turns are written again one
     * transaction each, so a turn the database refuses fails alone and the others are stored; the common case
     * pays no per-turn savepoint.
     */
    private void writeGroup(List<GroupCommit.Turn<PendingTurn>> group) {
        List<GroupCommit.Turn<PendingTurn>> ordered = new ArrayList<>(group);
        ordered.sort(LOCK_ORDER);
        try {
            writeTurns(ordered);
            return;
        } catch (SQLException | RuntimeException e) {
            if (group.size() == 1) {
                group.get(0).fail(failure("cannot store messages of session '" + group.get(0).sessionId() + "'", e));
                return;
            }
        }
        for (GroupCommit.Turn<PendingTurn> turn : ordered) {
            try {
                writeTurns(List.of(turn));
            } catch (SQLException | RuntimeException e) {
                turn.fail(failure("cannot store messages of session '" + turn.sessionId() + "'", e));
            }
        }
    }

    private void writeTurns(List<GroupCommit.Turn<PendingTurn>> turns) throws SQLException {
        inTransaction(connection -> {
            long now = clock.millis();
            for (GroupCommit.Turn<PendingTurn> turn : turns) {
                storeIn(connection, turn.sessionId(), turn.value(), now);
            }
            return null;
        });
    }

    /**
     * Stores several sessions' messages in one transaction, in session-id order: all of them or, on failure,
     * none.
     */
    @Override
    public void storeBatch(Map<String, List<Message>> messagesBySession) {
        MemoryArguments.requireBatch(messagesBySession);
        List<String> sessionIds = new ArrayList<>(messagesBySession.size());
        messagesBySession.forEach((id, messages) -> {
            if (!messages.isEmpty()) {
                sessionIds.add(id);
            }
        });
        if (sessionIds.isEmpty()) {
            return;
        }
        sessionIds.sort(null);
        checkUsable();
        try {
            inTransaction(connection -> {
                long now = clock.millis();
                for (String id : sessionIds) {
                    List<Message> messages = messagesBySession.get(id);
                    storeIn(connection, id, new PendingTurn(messages, WindowPlanner.nonSystemToolFlags(messages)), now);
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            throw failure("cannot store a batch of " + sessionIds.size() + " sessions", e);
        }
    }

    private void storeIn(Connection connection, String sessionId, PendingTurn turn, long now) throws SQLException {
        List<Message> newMessages = turn.messages();
        boolean[] newIsTool = turn.newIsTool();
        SessionRow row = lockSession(connection, sessionId, now);
        long createdAt = row.createdAt();
        int held = row.windowCount();
        if (row.existed() && now - row.lastAccess() > ttlMillis) {
            try (PreparedStatement delete = connection.prepareStatement(deleteSessionMessages)) {
                delete.setString(1, sessionId);
                delete.executeUpdate();
            }
            createdAt = now;
            held = 0;
        }
        int firstSurvivor = 0;
        long evictBeforeSeq = Long.MIN_VALUE;
        if (held + newIsTool.length > options.maxMessages()) {
            int limit = Math.min(held, held + newIsTool.length - options.maxMessages() + ROLE_LOOKAHEAD);
            List<long[]> roles = heldRoles(connection, sessionId, limit);
            firstSurvivor = plan(held, roles, newIsTool);
            if (firstSurvivor == WindowPlanner.NEED_MORE) {
                roles = heldRoles(connection, sessionId, held);
                firstSurvivor = plan(held, roles, newIsTool);
            }
            if (firstSurvivor > 0) {
                evictBeforeSeq = firstSurvivor < roles.size() ? roles.get(firstSurvivor)[0] : row.nextSeq();
            }
        }
        if (evictBeforeSeq != Long.MIN_VALUE) {
            try (PreparedStatement delete = connection.prepareStatement(deleteEvicted)) {
                delete.setString(1, sessionId);
                delete.setLong(2, evictBeforeSeq);
                delete.executeUpdate();
            }
        }
        int survivingNew = 0;
        try (PreparedStatement insert = connection.prepareStatement(insertMessage)) {
            long seq = row.nextSeq();
            int position = held;
            for (Message message : newMessages) {
                long messageSeq = seq++;
                if (message.role() != Role.SYSTEM) {
                    if (position++ < firstSurvivor) {
                        continue;
                    }
                    survivingNew++;
                }
                insert.setString(1, sessionId);
                insert.setLong(2, messageSeq);
                insert.setString(3, message.role().wireName());
                insert.setString(4, message.content());
                insert.setString(5, message.hasToolCalls() ? ToolCallCodec.toJson(message.toolCalls()) : null);
                insert.setString(6, message.toolCallId());
                insert.setLong(7, StoredSize.of(message));
                insert.setLong(8, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        int keptHeld = Math.max(0, held - firstSurvivor);
        try (PreparedStatement update = connection.prepareStatement(updateSession)) {
            update.setLong(1, createdAt);
            update.setLong(2, now);
            update.setLong(3, row.nextSeq() + newMessages.size());
            update.setInt(4, keptHeld + survivingNew);
            update.setString(5, sessionId);
            update.executeUpdate();
        }
    }

    private List<long[]> heldRoles(Connection connection, String sessionId, int limit) throws SQLException {
        List<long[]> roles = new ArrayList<>(limit);
        try (PreparedStatement select = connection.prepareStatement(heldRoles)) {
            select.setString(1, sessionId);
            select.setInt(2, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    roles.add(new long[] {rs.getLong(1), "tool".equals(rs.getString(2)) ? 1 : 0});
                }
            }
        }
        return roles;
    }

    private int plan(int held, List<long[]> roles, boolean[] newIsTool) {
        return WindowPlanner.firstSurvivor(held, roles.size(), position -> roles.get(position)[1] == 1, newIsTool,
                options.maxMessages());
    }

    @Override
    public List<Message> retrieve(String sessionId, int count) {
        SessionIds.requireValid(sessionId);
        MemoryArguments.requireCount(count);
        checkUsable();
        long now = clock.millis();
        List<Message> system = new ArrayList<>();
        List<Message> others = new ArrayList<>(Math.min(count, 1024));
        long lastAccess;
        try {
            lastAccess = reading(connection -> {
                try (PreparedStatement select = connection.prepareStatement(count == 0 ? retrieveSystem : retrieveLast)) {
                    select.setString(1, sessionId);
                    select.setLong(2, liveSince(now));
                    if (count > 0) {
                        select.setString(3, sessionId);
                        select.setInt(4, count - 1);
                    }
                    long seen = Long.MIN_VALUE;
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            Message message = readMessage(rs);
                            if (message.role() == Role.SYSTEM) {
                                system.add(message);
                            } else {
                                others.add(message);
                            }
                            seen = rs.getLong(6);
                        }
                    }
                    return seen;
                }
            });
            if (lastAccess != Long.MIN_VALUE && now - lastAccess >= touchMillis) {
                inTransaction(connection -> {
                    try (PreparedStatement update = connection.prepareStatement(touch)) {
                        update.setLong(1, now);
                        update.setString(2, sessionId);
                        update.setLong(3, now);
                        return update.executeUpdate();
                    }
                });
            }
        } catch (SQLException | RuntimeException e) {
            throw failure("cannot read session '" + sessionId + "'", e);
        }
        return WindowPlanner.retrieved(system, others);
    }

    @Override
    public Optional<SessionStats> stats(String sessionId) {
        SessionIds.requireValid(sessionId);
        checkUsable();
        try {
            return reading(connection -> {
                try (PreparedStatement select = connection.prepareStatement(statsOne)) {
                    select.setString(1, sessionId);
                    select.setLong(2, liveSince(clock.millis()));
                    try (ResultSet rs = select.executeQuery()) {
                        return rs.next() ? Optional.of(readStats(rs)) : Optional.<SessionStats>empty();
                    }
                }
            });
        } catch (SQLException | RuntimeException e) {
            throw failure("cannot read statistics of session '" + sessionId + "'", e);
        }
    }

    @Override
    public List<SessionStats> sessions() {
        checkUsable();
        try {
            return reading(connection -> {
                try (PreparedStatement select = connection.prepareStatement(statsAll)) {
                    select.setLong(1, liveSince(clock.millis()));
                    List<SessionStats> result = new ArrayList<>();
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            result.add(readStats(rs));
                        }
                    }
                    return result;
                }
            });
        } catch (SQLException | RuntimeException e) {
            throw failure("cannot list sessions", e);
        }
    }

    @Override
    public boolean clear(String sessionId) {
        SessionIds.requireValid(sessionId);
        checkUsable();
        long now = clock.millis();
        try {
            return inTransaction(connection -> {
                long lastAccess;
                try (PreparedStatement select = connection.prepareStatement(sessionLastAccess)) {
                    select.setString(1, sessionId);
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next()) {
                            return false;
                        }
                        lastAccess = rs.getLong(1);
                    }
                }
                try (PreparedStatement delete = connection.prepareStatement(deleteSession)) {
                    delete.setString(1, sessionId);
                    return delete.executeUpdate() > 0 && now - lastAccess <= ttlMillis;
                }
            });
        } catch (SQLException | RuntimeException e) {
            throw failure("cannot clear session '" + sessionId + "'", e);
        }
    }

    /** Deletes every session idle for longer than the TTL; returns how many. Also runs periodically. */
    public int purgeExpired() {
        checkUsable();
        if (ttlMillis == Long.MAX_VALUE) {
            return 0;
        }
        try {
            return inTransaction(connection -> {
                try (PreparedStatement delete = connection.prepareStatement(purgeExpired)) {
                    delete.setLong(1, liveSince(clock.millis()));
                    return delete.executeUpdate();
                }
            });
        } catch (SQLException | RuntimeException e) {
            throw failure("cannot purge expired sessions", e);
        }
    }

    private void purgeQuietly() {
        if (closed) {
            return;
        }
        try {
            int removed = purgeExpired();
            if (removed > 0) {
                LOG.debug("{} memory at {}: purged {} expired sessions", databaseName(), location(), removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("{} memory at {}: purging expired sessions failed: {}", databaseName(), location(), e.getMessage());
        }
    }

    public int maxMessages() {
        return options.maxMessages();
    }

    public JdbcMemoryOptions options() {
        return options;
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private long liveSince(long now) {
        return ttlMillis == Long.MAX_VALUE ? Long.MIN_VALUE : now - ttlMillis;
    }

    private static SessionStats readStats(ResultSet rs) throws SQLException {
        return new SessionStats(rs.getString(1), rs.getInt(4), Instant.ofEpochMilli(rs.getLong(2)),
                Instant.ofEpochMilli(rs.getLong(3)), rs.getLong(5));
    }

    private static Message readMessage(ResultSet rs) throws SQLException {
        Role role = Role.fromWireName(rs.getString(2));
        String content = rs.getString(3);
        String toolCalls = rs.getString(4);
        String toolCallId = rs.getString(5);
        return new Message(role, content, toolCalls == null ? List.of() : ToolCallCodec.fromJson(toolCalls), toolCallId);
    }

    /**
     * A {@code MEMORY_ERROR} (or {@code TIMEOUT}) saying where and what failed, with the driver's exception
     * summarised by {@link SqlFailures}: never SQL text, row values or a password.
     */
    protected NodeExecutionException failure(String what, Exception e) {
        return SqlFailures.failure(databaseName() + " memory at " + location(), what, e, primaryMessage(e));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + location() + ", maxMessages=" + options.maxMessages() + ", ttl="
                + options.ttl() + ", tablePrefix=" + options.tablePrefix() + "]";
    }
}
