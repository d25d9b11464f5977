package io.clusternode.js;

import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * A {@link JsFunction} as the guest sees it before the prelude wraps it: arguments come in as plain Java, the
 * result goes back as [JSON text, functions] for the guest to decode, exactly as bindings travel.
 */
record HostFunction(JsFunction function, PooledContext context) implements ProxyExecutable {

    @Override
    public Object execute(Value... arguments) {
        Object[] args = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            args[i] = context.toJava(arguments[i], "JavaScript passed a function call");
        }
        BindingEncoder.Encoded result = context.encoder().value(function.apply(args));
        return ProxyArray.fromArray(result.json(), result.functions());
    }
}
