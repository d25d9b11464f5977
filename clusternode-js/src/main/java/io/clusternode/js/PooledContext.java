package io.clusternode.js;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.secret.Redaction;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * One sandboxed JavaScript context, used by one evaluation at a time. Keeps the compiled function of each
 * script it has run, so a repeated expression costs one call.
 */
final class PooledContext {

    /** Compiled functions kept per context; the engine-wide source cache serves the rest without re-parsing. */
    private static final int FUNCTION_CACHE_SIZE = 512;

    /**
     * Nothing of the host is reachable: no host objects or classes (only the proxies that carry
     * {@link JsFunction}s), no IO, threads, processes, native code, environment or other languages.
     */
    private static final HostAccess NO_HOST_ACCESS = HostAccess.newBuilder().allowMutableTargetMappings().build();

    private final Context context;
    private final JsSandbox.Limits limits;
    private final Value invoke;
    private final Value toJson;
    private final Value describe;
    private final Value settle;
    private final Map<Script, Compiled> functions = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Script, Compiled> eldest) {
            return size() > FUNCTION_CACHE_SIZE;
        }
    };
    private final BindingEncoder encoder = new BindingEncoder(this);
    private boolean broken;

    PooledContext(JsSandbox.Limits limits) {
        this.limits = limits;
        try {
            this.context = Context.newBuilder("js")
                    .engine(GraalEngine.engine())
                    .sandbox(SandboxPolicy.CONSTRAINED)
                    .allowHostAccess(NO_HOST_ACCESS)
                    .allowHostClassLookup(className -> false)
                    .allowIO(IOAccess.NONE)
                    .allowCreateThread(false)
                    .allowCreateProcess(false)
                    .allowNativeAccess(false)
                    .allowEnvironmentAccess(EnvironmentAccess.NONE)
                    .allowPolyglotAccess(PolyglotAccess.NONE)
                    .option("js.load", "false")
                    .option("js.print", "false")
                    .option("js.graal-builtin", "false")
                    .timeZone(limits.zone())
                    // The prelude's own statements (building the context, decoding arguments) are not the user's.
                    .resourceLimits(ResourceLimits.newBuilder()
                            .statementLimit(limits.statementLimit(), source -> !GraalEngine.PRELUDE_NAME.equals(source.getName()))
                            .build())
                    // console.log in a Code node is accepted and discarded rather than written over the CLI's output.
                    .out(OutputStream.nullOutputStream())
                    .err(OutputStream.nullOutputStream())
                    .build();
            Value helpers = context.eval(GraalEngine.PRELUDE);
            this.invoke = helpers.getMember("invoke");
            this.toJson = helpers.getMember("toJson");
            this.describe = helpers.getMember("describe");
            this.settle = helpers.getMember("settle");
        } catch (PolyglotException e) {
            throw new NodeExecutionException(ErrorCode.INTERNAL, "cannot start JavaScript: " + Redaction.line(e.getMessage()));
        }
    }

    BindingEncoder encoder() {
        return encoder;
    }

    /** Whether this context must not be reused (it was cancelled, hit a limit or failed internally). */
    boolean broken() {
        return broken;
    }

    void close() {
        try {
            context.close(true);
        } catch (RuntimeException alreadyClosed) {
            // A cancelled context may already be closed by the watchdog.
        }
    }

    Object execute(Script script, List<Object> values) {
        BindingEncoder.Encoded arguments = encoder.arguments(values);
        Compiled function;
        try {
            function = function(script);
        } catch (PolyglotException e) {
            broken = e.isInternalError() || e.isCancelled() || e.isResourceExhausted();
            throw JsErrors.translate(e, script, limits.statementLimit());
        }
        context.resetLimits();
        Watchdog.Lease lease = Watchdog.begin(context, limits.timeout());
        boolean inTime = false;
        try {
            Object result = toJava(invoke.execute(function.function(), arguments.json(), arguments.functions(), function.sweepGlobals()), script);
            inTime = Watchdog.end(lease);
            if (!inTime) {
                throw JsErrors.timeout(script, limits.timeout());
            }
            return result;
        } catch (PolyglotException e) {
            inTime = Watchdog.end(lease);
            if (!inTime) {
                throw JsErrors.timeout(script, limits.timeout());
            }
            broken = e.isInternalError() || e.isCancelled() || e.isResourceExhausted();
            throw JsErrors.translate(e, script, limits.statementLimit());
        } catch (IllegalStateException e) {
            // Using a context the watchdog has just closed; nothing else closes a context in use.
            inTime = Watchdog.end(lease);
            if (!inTime) {
                throw JsErrors.timeout(script, limits.timeout());
            }
            broken = true;
            throw new NodeExecutionException(ErrorCode.INTERNAL, "the JavaScript context closed during the "
                    + script.kind().sourceName() + ": " + Redaction.line(e.getMessage()));
        } finally {
            if (!inTime) {
                Watchdog.end(lease);
                broken = true;
            }
        }
    }

    private Compiled function(Script script) {
        Compiled function = functions.get(script);
        if (function == null) {
            function = new Compiled(context.eval(GraalEngine.source(script)), script.sweepGlobals());
            functions.put(script, function);
        }
        return function;
    }

    /** A script's function in this context, and whether its runs need the sweep of leftover globals. */
    private record Compiled(Value function, boolean sweepGlobals) {
    }

    private Object toJava(Value value, Script script) {
        Value result = script.kind() == ScriptKind.ASYNC_FUNCTION_BODY ? awaited(value, script) : value;
        return toJava(result, "the JavaScript " + script.kind().sourceName() + " returned");
    }

    /** The settled value of the promise an async body returned; its rejection is thrown as the body's error. */
    private Value awaited(Value promise, Script script) {
        Value box = settle.execute(promise);
        if (!box.getMember("done").asBoolean()) {
            throw JsErrors.badResult("the JavaScript " + script.kind().sourceName() + " returned",
                    "a promise that never settles (it awaits something that never happens)");
        }
        if (box.getMember("failed").asBoolean()) {
            box.getMember("rethrow").executeVoid();
        }
        return box.getMember("value");
    }

    /**
     * Converts a guest value to plain Java: primitives directly, everything else through its JSON text.
     *
     * @param subject what produced the value, for the error message ("the JavaScript code returned")
     */
    Object toJava(Value value, String subject) {
        if (value.isNull()) {
            return null;
        }
        if (value.isString()) {
            return value.asString();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            if (value.fitsInLong()) {
                return value.asLong();
            }
            return value.fitsInDouble() ? value.asDouble() : Double.parseDouble(value.toString());
        }
        Value json = toJson.execute(value);
        if (json.isNull()) {
            throw JsErrors.badResult(subject, describe.execute(value).asString());
        }
        return JsonValues.read(json.asString(), subject);
    }
}
