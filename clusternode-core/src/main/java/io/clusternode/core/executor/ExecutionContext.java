package io.clusternode.core.executor;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** Typed key-value inputs of one task execution. Thread-safe. */
public final class ExecutionContext {

    private final String executionId;
    private final Map<String, Object> values = new ConcurrentHashMap<>();

    public ExecutionContext(String executionId) {
        this.executionId = executionId;
    }

    public String executionId() {
        return executionId;
    }

    /** Sets {@code key} to {@code value}; null removes it. */
    public <T> ExecutionContext put(ContextKey<T> key, @Nullable T value) {
        if (value == null) {
            values.remove(key.name());
        } else if (!key.type().isInstance(value)) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "context value '" + key.name() + "' must be a "
                    + key.type().getSimpleName() + ", was " + value.getClass().getSimpleName());
        } else {
            values.put(key.name(), value);
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    public <T> Optional<T> get(ContextKey<T> key) {
        return Optional.ofNullable((T) values.get(key.name()));
    }

    /**
     * The value of {@code key}, which must be present.
     *
     * @throws NodeExecutionException with {@code INVALID_INPUT} when the value is missing
     */
    public <T> T require(ContextKey<T> key) {
        return get(key).orElseThrow(() -> new NodeExecutionException(ErrorCode.INVALID_INPUT,
                "the execution context has no '" + key.name() + "'"));
    }
}
