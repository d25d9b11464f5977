package io.clusternode.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.spi.ToolProviderFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The tool kinds that can be named: the built-in {@code calculator} and {@code datetime}, plus every
 * {@link ToolProviderFactory} found on the class path.
 */
public final class ToolKinds {

    /** Kinds that live in optional modules, so an unknown kind can name the module to add. */
    private static final Map<String, String> MODULES = Map.of("http", "clusternode-tools-http",
            "mcp", "clusternode-mcp");

    private ToolKinds() {
    }

    /** Every kind that can be named, by kind, sorted. */
    public static Map<String, ToolProviderFactory> all() {
        Map<String, ToolProviderFactory> kinds = new TreeMap<>();
        kinds.put(CalculatorTool.NAME, builtIn(CalculatorTool.NAME, "Evaluates arithmetic expressions exactly.",
                CalculatorTool::new));
        kinds.put("datetime", builtIn("datetime", "Tells the current date and time in a time zone.",
                DateTimeTool::new));
        Iterator<ToolProviderFactory> found = ServiceLoader.load(ToolProviderFactory.class).iterator();
        while (true) {
            ToolProviderFactory factory;
            try {
                if (!found.hasNext()) {
                    break;
                }
                factory = found.next();
            } catch (ServiceConfigurationError e) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "a tool module on the class path cannot be"
                        + " loaded: " + e.getMessage(), e);
            }
            kinds.putIfAbsent(factory.kind(), factory);
        }
        return kinds;
    }

    /**
     * Creates the tools of a kind.
     *
     * @param options the kind's options (null or an empty object for none)
     * @throws NodeExecutionException {@code INVALID_INPUT} for an unknown kind (naming the known ones and, for
     *         a kind of an optional module, the module to add) or invalid options
     */
    public static List<ToolProvider> create(String kind, @Nullable JsonNode options, Settings settings) {
        Map<String, ToolProviderFactory> kinds = all();
        ToolProviderFactory factory = kinds.get(kind);
        if (factory == null) {
            String module = MODULES.get(kind);
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "unknown tool kind '" + kind + "'"
                    + (module == null ? "" : "; it comes with the " + module + " module, which is not on the class path")
                    + "; known kinds: " + String.join(", ", kinds.keySet()));
        }
        JsonNode given = options == null || options.isNull() ? Json.object() : options;
        if (!given.isObject()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "the options of a '" + kind
                    + "' tool must be a JSON object");
        }
        return List.copyOf(factory.create(given, settings));
    }

    /**
     * Fails when an options object has a field other than {@code kind} and the given ones: a misspelt option
     * must not be silently ignored.
     *
     * @param what names the tool kind in the message, e.g. {@code mcp tool}
     * @throws NodeExecutionException {@code INVALID_INPUT} naming the unknown fields and the known ones
     */
    public static void requireKnownOptions(String what, JsonNode options, Set<String> known) {
        List<String> unknown = new ArrayList<>();
        options.fieldNames().forEachRemaining(name -> {
            if (!name.equals("kind") && !known.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, what + ": unknown option(s) "
                    + String.join(", ", unknown) + (known.isEmpty() ? "; it takes none"
                    : "; known: " + String.join(", ", new TreeSet<>(known))));
        }
    }

    private static ToolProviderFactory builtIn(String kind, String description, Supplier<ToolProvider> create) {
        return new ToolProviderFactory() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public List<ToolProvider> create(JsonNode options, Settings settings) {
                requireKnownOptions(kind + " tool", options, Set.of());
                return List.of(create.get());
            }
        };
    }
}
