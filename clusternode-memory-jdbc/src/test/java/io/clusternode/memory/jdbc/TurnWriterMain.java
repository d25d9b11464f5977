package io.clusternode.memory.jdbc;

import io.clusternode.core.model.Message;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process of {@link KilledWriterDurabilityTest}: stores numbered turns of {@value #TURN_SIZE} messages
 * into one session until it is killed, printing each stored turn's number.
 */
public final class TurnWriterMain {

    public static final int TURN_SIZE = 4;

    private TurnWriterMain() {
    }

    public static void main(String[] args) {
        String spec = args[0];
        String session = args[1];
        MemoryProvider memory = Providers.memory(spec, Settings.empty());
        memory.initialize();
        for (int turn = 0; turn < 1_000_000; turn++) {
            List<Message> messages = new ArrayList<>(TURN_SIZE);
            for (int i = 0; i < TURN_SIZE; i++) {
                String text = "turn " + turn + " part " + i + " " + "x".repeat(200);
                messages.add(i % 2 == 0 ? Message.user(text) : Message.assistant(text));
            }
            memory.store(session, messages);
            System.out.println("stored " + turn);
            System.out.flush();
        }
    }
}
