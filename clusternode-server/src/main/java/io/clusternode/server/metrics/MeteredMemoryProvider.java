package io.clusternode.server.metrics;

import io.clusternode.core.model.Message;
import io.clusternode.core.model.SessionStats;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.NodeDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** A memory that records each operation's latency and outcome, tagged with the backend's kind. */
public final class MeteredMemoryProvider implements MemoryProvider {

    private final MemoryProvider delegate;
    private final ServerMetrics metrics;
    private final String backend;

    /** Measures {@code delegate} into {@code metrics}. */
    public MeteredMemoryProvider(MemoryProvider delegate, ServerMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.backend = delegate.kind();
    }

    /** The backend's kind, e.g. {@code window_memory}. */
    public String backend() {
        return backend;
    }

    @Override
    public NodeDefinition definition() {
        return delegate.definition();
    }

    @Override
    public void initialize() {
        delegate.initialize();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void store(String sessionId, List<Message> messages) {
        measure("store", () -> {
            delegate.store(sessionId, messages);
            return null;
        });
    }

    @Override
    public void storeBatch(Map<String, List<Message>> messagesBySession) {
        measure("store_batch", () -> {
            delegate.storeBatch(messagesBySession);
            return null;
        });
    }

    @Override
    public List<Message> retrieve(String sessionId, int count) {
        return measure("retrieve", () -> delegate.retrieve(sessionId, count));
    }

    @Override
    public Optional<SessionStats> stats(String sessionId) {
        return measure("stats", () -> delegate.stats(sessionId));
    }

    @Override
    public List<SessionStats> sessions() {
        return measure("sessions", delegate::sessions);
    }

    @Override
    public boolean clear(String sessionId) {
        return measure("clear", () -> delegate.clear(sessionId));
    }

    private <T> T measure(String operation, Supplier<T> body) {
        return Outcomes.measure(body, (outcome, nanos) -> metrics.memoryOperation(backend, operation, outcome, nanos));
    }
}
