package io.clusternode.js;

/**
 * A Java function that JavaScript code can call, bound as a value in {@link JsSandbox#evaluate} or
 * {@link JsSandbox#run} (directly or inside a bound {@code Map}/{@code List}), e.g. n8n's {@code $('Node')}.
 *
 * <p>Arguments arrive converted as results are (null, {@code String}, {@code Boolean}, {@code Long},
 * {@code Double}, {@code List}, {@code LinkedHashMap}); the return value may be anything a binding may hold
 * and reaches JavaScript as a fresh copy. A {@link io.clusternode.core.error.NodeExecutionException} thrown
 * here ends the evaluation with that exception unchanged; any other exception becomes an
 * {@code EXPRESSION_ERROR} carrying its message.
 */
@FunctionalInterface
public interface JsFunction {

    /**
     * Called when JavaScript calls the bound value.
     *
     * @param args the arguments JavaScript passed, converted to plain Java; never null, possibly empty
     * @return the value JavaScript receives
     */
    Object apply(Object... args);
}
