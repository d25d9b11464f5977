package io.clusternode.memory.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.model.Message;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.testing.RequiredServices;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversation turn is stored whole or not at all, even when the writing process dies mid-write: a child
 * JVM stores 4-message turns in a loop and is killed with SIGKILL; the store must then hold only complete
 * turns, in order.
 */
class KilledWriterDurabilityTest {

    @TempDir
    Path directory;

    @Test
    void sqliteKeepsOnlyWholeTurnsAfterTheWriterIsKilled() throws Exception {
        String spec = "sqlite:" + directory.resolve("killed.db") + "?max=1000000&ttl=0";
        killWriterAndCheck(spec);
    }

    @Test
    void postgresKeepsOnlyWholeTurnsAfterTheWriterIsKilled() throws Exception {
        RequiredServices.requirePostgres();
        PostgresTables tables = new PostgresTables();
        try {
            String spec = "postgresql://postgres@127.0.0.1:5432/test?max=1000000&ttl=0&pool=2&prefix="
                    + tables.newPrefix();
            killWriterAndCheck(spec);
        } finally {
            tables.dropAll();
        }
    }

    private static void killWriterAndCheck(String spec) throws Exception {
        String session = "durable-" + UUID.randomUUID();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                TurnWriterMain.class.getName(), spec, session)
                .redirectErrorStream(true)
                .start();
        int lastReported = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("stored ")) {
                    lastReported = Integer.parseInt(line.substring("stored ".length()));
                    if (lastReported >= 40) {
                        break;
                    }
                }
            }
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exits after SIGKILL").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(lastReported).as("the child stored turns before it was killed").isGreaterThanOrEqualTo(40);

        try (MemoryProvider memory = Providers.memory(spec, Settings.empty())) {
            List<Message> held = memory.retrieve(session, 1_000_000);
            assertThat(held.size() % TurnWriterMain.TURN_SIZE).as("only whole turns").isZero();
            int turns = held.size() / TurnWriterMain.TURN_SIZE;
            assertThat(turns).as("every reported turn is there").isGreaterThan(lastReported);
            for (int turn = 0; turn < turns; turn++) {
                for (int part = 0; part < TurnWriterMain.TURN_SIZE; part++) {
                    Message message = held.get(turn * TurnWriterMain.TURN_SIZE + part);
                    assertThat(message.content()).startsWith("turn " + turn + " part " + part + " ");
                }
            }
        }
    }
}
