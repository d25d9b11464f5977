package io.clusternode.memory.postgresql;

import io.clusternode.core.testing.RequiredServices;
import io.clusternode.memory.jdbc.KilledWriter;
import org.junit.jupiter.api.Test;

/** A turn is stored whole or not at all, and a committed turn survives, when the writing process is killed. */
class KilledWriterDurabilityTest {

    @Test
    void postgresKeepsOnlyWholeTurnsAfterTheWriterIsKilled() throws Exception {
        RequiredServices.requirePostgres();
        PostgresTables tables = new PostgresTables();
        try {
            KilledWriter.killWriterAndCheck("postgresql://postgres@127.0.0.1:5432/test?max=1000000&ttl=0&pool=2&prefix="
                    + tables.newPrefix());
        } finally {
            tables.dropAll();
        }
    }
}
