package io.clusternode.core.model;

/**
 * How long one step of an agent run took.
 *
 * @param kind  what the step did
 * @param name  the model or tool name; null for memory steps
 * @param nanos duration in nanoseconds
 */
public record StepTiming(Kind kind, String name, long nanos) {

    public enum Kind { MEMORY_LOAD, MODEL_CALL, TOOL_CALL, MEMORY_STORE }

    public double millis() {
        return nanos / 1_000_000.0;
    }
}
