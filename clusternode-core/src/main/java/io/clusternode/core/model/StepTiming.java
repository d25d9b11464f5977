package io.clusternode.core.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One step of an agent run: what it did, how long it took and whether it failed.
 *
 * @param kind   what the step did
 * @param name   the model or tool name; the memory's kind for memory steps
 * @param nanos  duration in nanoseconds
 * @param failed a model call that failed (and was answered by the fallback model), or a tool call whose
 *               result was an error message to the model
 * @param usage  tokens of a model call; {@link Usage#ZERO} for other steps
 */
public record StepTiming(Kind kind, String name, long nanos, boolean failed, Usage usage) {

    /** The kinds of step, in the order a run usually takes them. */
    public enum Kind { MEMORY_LOAD, MODEL_CALL, TOOL_CALL, MEMORY_STORE }

    /** A step; a null {@code usage} means {@link Usage#ZERO}. */
    public StepTiming(Kind kind, String name, long nanos, boolean failed, @Nullable Usage usage) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.name = name;
        this.nanos = nanos;
        this.failed = failed;
        this.usage = usage == null ? Usage.ZERO : usage;
    }

    /** A step that succeeded and used no tokens. */
    public StepTiming(Kind kind, String name, long nanos) {
        this(kind, name, nanos, false, Usage.ZERO);
    }

    public double millis() {
        return nanos / 1_000_000.0;
    }
}
