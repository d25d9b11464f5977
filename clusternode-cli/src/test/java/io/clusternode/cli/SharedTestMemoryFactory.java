package io.clusternode.cli;

import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.Message;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.MemoryProviderFactory;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.SessionStats;
import io.clusternode.core.spi.Settings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A memory that outlives one command ({@code shared-test:NAME}), standing in for a persistent backend so
 * that tests can chain {@code chat} and {@code sessions} runs in one JVM. Found by the real ServiceLoader
 * look-up in {@code Providers.memory}, registered in the test resources only.
 */
public final class SharedTestMemoryFactory implements MemoryProviderFactory {

    static final String PREFIX = "shared-test:";
    private static final Map<String, WindowMemory> MEMORIES = new ConcurrentHashMap<>();

    @Override
    public boolean accepts(String spec) {
        return spec.startsWith(PREFIX);
    }

    @Override
    public String description() {
        return "shared-test:NAME  test memory shared by the commands of one JVM";
    }

    @Override
    public MemoryProvider create(String spec, Settings settings) {
        return new Unclosable(MEMORIES.computeIfAbsent(spec, s -> WindowMemory.builder().build()));
    }

    /** Delegates everything but {@link #close()}, which the commands call after each run. */
    private record Unclosable(WindowMemory delegate) implements MemoryProvider {
        @Override
        public NodeDefinition definition() {
            return delegate.definition();
        }

        @Override
        public void store(String sessionId, List<Message> messages) {
            delegate.store(sessionId, messages);
        }

        @Override
        public List<Message> retrieve(String sessionId, int count) {
            return delegate.retrieve(sessionId, count);
        }

        @Override
        public Optional<SessionStats> stats(String sessionId) {
            return delegate.stats(sessionId);
        }

        @Override
        public List<SessionStats> sessions() {
            return delegate.sessions();
        }

        @Override
        public boolean clear(String sessionId) {
            return delegate.clear(sessionId);
        }

        @Override
        public void close() {
        }
    }
}
