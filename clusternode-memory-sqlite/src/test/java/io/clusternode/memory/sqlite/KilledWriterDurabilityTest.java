package io.clusternode.memory.sqlite;

import io.clusternode.memory.jdbc.KilledWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A turn is stored whole or not at all, and a committed turn survives, when the writing process is killed. */
class KilledWriterDurabilityTest {

    @TempDir
    Path directory;

    @Test
    void sqliteKeepsOnlyWholeTurnsAfterTheWriterIsKilled() throws Exception {
        KilledWriter.killWriterAndCheck("sqlite:" + directory.resolve("killed.db") + "?max=1000000&ttl=0");
    }
}
