package io.clusternode.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.model.Message;
import io.clusternode.core.spi.MemoryProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of backends that several processes share (SQLite files, PostgreSQL, Redis): everything of
 * {@link MemoryProviderContract}, plus two provider instances over one store seeing and extending one
 * conversation, with concurrent writers on both losing and duplicating nothing.
 */
public abstract class SharedStoreMemoryContract extends MemoryProviderContract {

    /** A second provider instance over the same store as {@code first}, with the same settings. */
    protected abstract MemoryProvider createSecondInstance(MemoryProvider first);

    @Override
    protected final Optional<MemoryProvider> createSharing(MemoryProvider first) {
        return Optional.of(createSecondInstance(first));
    }

    @Test
    void concurrentWritersAcrossTwoInstancesOfOneStoreShareTheConversation() throws Exception {
        MemoryProvider first = open(10_000, Duration.ofHours(1));
        MemoryProvider second = openSharing(first).orElseThrow();
        String id = session();
        first.store(id, List.of(Message.user("My name is Alice")));
        assertThat(second.retrieve(id, 10)).containsExactly(Message.user("My name is Alice"));
        second.store(id, List.of(Message.assistant("Hello Alice")));
        assertThat(first.retrieve(id, 10)).containsExactly(Message.user("My name is Alice"),
                Message.assistant("Hello Alice"));
        assertThat(second.clear(id)).isTrue();
        assertThat(first.stats(id)).isEmpty();
        runConcurrentTurns(List.of(first, second), second);
    }
}
