package io.clusternode.js;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;

/**
 * The JVM's one GraalJS engine and the parsed sources every context shares. Touching this class starts
 * GraalJS, so only {@link ContextPool} does, on a sandbox's first evaluation.
 */
final class GraalEngine {

    /** Distinct scripts kept parsed; a workflow has a few dozen expressions, a server a few hundred workflows. */
    private static final int SOURCE_CACHE_SIZE = 4096;

    private static final Engine ENGINE = Engine.newBuilder("js")
            .sandbox(SandboxPolicy.CONSTRAINED)
            // Stock JDKs have no Graal JIT; the interpreter is fast enough for expressions, so say nothing.
            .option("engine.WarnInterpreterOnly", "false")
            .out(OutputStream.nullOutputStream())
            .err(OutputStream.nullOutputStream())
            .build();

    /** The name of the prelude's source: its statements do not count against an evaluation's statement limit. */
    static final String PRELUDE_NAME = "clusternode-prelude.js";

    static final Source PRELUDE = Source.newBuilder("js", resource("prelude.js"), PRELUDE_NAME).buildLiteral();

    private static final Cache<Script, Source> SOURCES = Caffeine.newBuilder().maximumSize(SOURCE_CACHE_SIZE).build();

    private GraalEngine() {
    }

    static Engine engine() {
        return ENGINE;
    }

    /** The parsed-once source of a script; equal sources share their parse across contexts of the engine. */
    static Source source(Script script) {
        return SOURCES.get(script, s -> Source.newBuilder("js", s.wrapped(), s.kind().sourceName())
                .cached(true)
                .buildLiteral());
    }

    private static String resource(String name) {
        try (InputStream in = GraalEngine.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new NodeExecutionException(ErrorCode.INTERNAL, "the JavaScript runtime file " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
