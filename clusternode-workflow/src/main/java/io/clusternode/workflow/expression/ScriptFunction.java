package io.clusternode.workflow.expression;

/** A Java function JavaScript can call, e.g. {@code $('Node').first()} or {@code $fromAI('key')}. */
@FunctionalInterface
public interface ScriptFunction {

    /** Called with the JavaScript arguments converted to Java values. */
    Object apply(Object... arguments);
}
