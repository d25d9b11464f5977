package io.clusternode.workflow.expression;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Where the workflow engine hands the JavaScript it cannot resolve natively: {@code {{ }}} blocks other than
 * plain property paths, Code nodes and Code tools. The implementation is found with {@link ServiceLoader}
 * the first time JavaScript is needed, so a workflow made only of plain paths never loads a JavaScript engine.
 *
 * <p>Binding values are null, {@code String}, {@code Boolean}, {@code Number}, {@code List}, {@code Map} and
 * {@link ScriptFunction}; results come back as the same Java types.
 */
public interface JavaScript {

    /**
     * Evaluates one expression (the inside of a {@code {{ }}} block).
     *
     * @throws NodeExecutionException with {@code EXPRESSION_ERROR} on a syntax or runtime error or a limit
     */
    Object evaluate(String expression, Map<String, Object> bindings);

    /**
     * Runs a function body that ends with {@code return ...}.
     *
     * @throws NodeExecutionException with {@code EXPRESSION_ERROR} on a syntax or runtime error or a limit
     */
    Object run(String functionBody, Map<String, Object> bindings);

    /** The JavaScript engine on the class path, loaded on first use; one that fails clearly when none is there. */
    static JavaScript shared() {
        return Holder.SHARED;
    }

    /** Lazy holder: the service look-up happens on the first call of {@link #shared()}, not at class load. */
    final class Holder {
        static final JavaScript SHARED = ServiceLoader.load(JavaScript.class).findFirst().orElseGet(Unavailable::new);

        private Holder() {
        }
    }

    /** Used when no JavaScript engine is on the class path: every call says what is missing. */
    final class Unavailable implements JavaScript {
        @Override
        public Object evaluate(String expression, Map<String, Object> bindings) {
            throw missing();
        }

        @Override
        public Object run(String functionBody, Map<String, Object> bindings) {
            throw missing();
        }

        private static NodeExecutionException missing() {
            return new NodeExecutionException(ErrorCode.EXPRESSION_ERROR, "this expression needs JavaScript, and no"
                    + " JavaScript engine is on the class path (add the clusternode-js module)");
        }
    }
}
