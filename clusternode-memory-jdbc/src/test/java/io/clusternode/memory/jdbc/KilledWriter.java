package io.clusternode.memory.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.model.Message;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The kill -9 durability check the SQL memories' tests share: a child JVM stores 4-message turns in a loop
 * and is killed with SIGKILL; the store must then hold only complete turns, in order, and every turn the child
 * reported as stored.
 */
public final class KilledWriter {

    private KilledWriter() {
    }

    /** Runs the check against the memory {@code spec} names. */
    public static void killWriterAndCheck(String spec) throws Exception {
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
