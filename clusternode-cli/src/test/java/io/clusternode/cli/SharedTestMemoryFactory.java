package io.clusternode.cli;

import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.SessionStats;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.MemoryProviderFactory;
import io.clusternode.core.spi.NodeDefinition;
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

    /** A spec whose memory fails with an unexpected (non-ClusterNode) exception, as a bug would. */
    static final String BROKEN = PREFIX + "broken";

    @Override
    public MemoryProvider create(String spec, Settings settings) {
        if (spec.equals(BROKEN)) {
            return new Broken();
        }
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

    private record Broken() implements MemoryProvider {
        @Override
        public NodeDefinition definition() {
            return new NodeDefinition("broken_test_memory", io.clusternode.core.spi.NodeType.MEMORY, null, 1, null);
        }

        @Override
        public void store(String sessionId, List<Message> messages) {
            throw new IllegalStateException("disk on fire");
        }

        @Override
        public List<Message> retrieve(String sessionId, int count) {
            throw new IllegalStateException("disk on fire");
        }

        @Override
        public Optional<SessionStats> stats(String sessionId) {
            throw new IllegalStateException("disk on fire");
        }

        @Override
        public List<SessionStats> sessions() {
            throw new IllegalStateException("disk on fire");
        }

        @Override
        public boolean clear(String sessionId) {
            throw new IllegalStateException("disk on fire");
        }
    }
}
