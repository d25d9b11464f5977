package io.clusternode.memory.postgresql;

import io.clusternode.core.memory.SharedStoreMemoryContract;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.testing.RequiredServices;
import io.clusternode.memory.jdbc.JdbcMemoryOptions;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * PostgreSQL memory against the shared contract, on the machine's server (127.0.0.1:5432, database
 * {@code test}). Each test uses its own table prefix, dropped afterwards.
 */
class PostgresMemoryContractTest extends SharedStoreMemoryContract {

    private final PostgresTables tables = new PostgresTables();

    @BeforeEach
    void requirePostgres() {
        RequiredServices.requirePostgres();
    }

    @AfterEach
    void dropTables() throws Exception {
        tables.dropAll();
    }

    @Override
    protected MemoryProvider create(int maxMessages, Duration ttl, Clock clock) {
        JdbcMemoryOptions options = JdbcMemoryOptions.defaults().withMaxMessages(maxMessages).withTtl(ttl)
                .withPoolSize(6).withTablePrefix(tables.newPrefix());
        return new PostgresMemory(PostgresTables.CONNECTION, options, clock);
    }

    @Override
    protected MemoryProvider createSecondInstance(MemoryProvider first) {
        return new PostgresMemory(PostgresTables.CONNECTION, ((PostgresMemory) first).options(), clock());
    }
}
