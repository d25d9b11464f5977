package io.clusternode.memory.sqlite;

import io.clusternode.core.memory.SharedStoreMemoryContract;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.memory.jdbc.JdbcMemoryOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** SQLite memory against the shared contract; each test gets a new database file. */
class SqliteMemoryContractTest extends SharedStoreMemoryContract {

    @TempDir
    Path directory;

    private final AtomicInteger files = new AtomicInteger();

    @Override
    protected MemoryProvider create(int maxMessages, Duration ttl, Clock clock) {
        JdbcMemoryOptions options = JdbcMemoryOptions.defaults().withMaxMessages(maxMessages).withTtl(ttl);
        return new SqliteMemory(directory.resolve("chat-" + files.incrementAndGet() + ".db"), options, clock);
    }

    /** A second instance on the same file behaves like a second process sharing it. */
    @Override
    protected MemoryProvider createSecondInstance(MemoryProvider first) {
        SqliteMemory sqlite = (SqliteMemory) first;
        return new SqliteMemory(sqlite.file(), sqlite.options(), clock());
    }
}
