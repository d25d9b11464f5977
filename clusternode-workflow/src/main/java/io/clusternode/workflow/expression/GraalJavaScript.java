package io.clusternode.workflow.expression;

import io.clusternode.js.JsFunction;
import io.clusternode.js.JsSandbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link JavaScript} on ClusterNode's GraalJS sandbox ({@link JsSandbox#shared()}). Found by
 * {@link java.util.ServiceLoader} the first time a workflow needs JavaScript; the sandbox itself starts GraalJS
 * on its first evaluation, so a workflow of plain paths never starts it.
 */
public final class GraalJavaScript implements JavaScript {

    @Override
    public Object evaluate(String expression, Map<String, Object> bindings) {
        return JsSandbox.shared().evaluate(expression, adapt(bindings));
    }

    @Override
    public Object run(String functionBody, Map<String, Object> bindings) {
        return JsSandbox.shared().run(functionBody, adapt(bindings));
    }

    /** The bindings with every {@link ScriptFunction} (at any depth) turned into the sandbox's {@link JsFunction}. */
    private static Map<String, Object> adapt(Map<String, ?> bindings) {
        Map<String, Object> out = new LinkedHashMap<>(bindings.size() * 2);
        bindings.forEach((key, value) -> out.put(key, adaptValue(value)));
        return out;
    }

    private static Object adaptValue(Object value) {
        if (value instanceof ScriptFunction function) {
            return (JsFunction) args -> adaptValue(function.apply(args));
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>(map.size() * 2);
            map.forEach((key, v) -> out.put(String.valueOf(key), adaptValue(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(adaptValue(v)));
            return out;
        }
        return value;
    }
}
