package io.clusternode.core.executor;

import io.clusternode.core.model.Message;
import java.util.List;
import java.util.Objects;

/** A typed key of an {@link ExecutionContext}. Keys compare by name. */
// T is a phantom type: it exists so that put and get are checked by the compiler, not at run time.
@SuppressWarnings("UnusedTypeParameter")
public record ContextKey<T>(String name, Class<?> type) {

    /** The messages a task works on: the prompt of a model call, the turn to store, the agent's input. */
    public static final ContextKey<List<Message>> INPUT_MESSAGES = new ContextKey<>("input_messages", List.class);
    /** Overrides the configured memory session for one execution. */
    public static final ContextKey<String> SESSION_ID = new ContextKey<>("session_id", String.class);

    public ContextKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public static <T> ContextKey<T> of(String name, Class<T> type) {
        return new ContextKey<>(name, type);
    }
}
