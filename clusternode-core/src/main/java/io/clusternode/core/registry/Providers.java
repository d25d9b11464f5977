package io.clusternode.core.registry;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.MemoryOptions;
import io.clusternode.core.memory.MemorySpec;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.secret.Redaction;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.LlmProviderFactory;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.MemoryProviderFactory;
import io.clusternode.core.spi.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Turns the textual selections users type ({@code --model deepseek:deepseek-chat}, {@code --memory
 * sqlite:./chat.db}) into providers, using the factories on the class path.
 */
public final class Providers {

    private Providers() {
    }

    /**
     * A chat model from {@code PROVIDER[:MODEL]}, e.g. {@code simulated}, {@code deepseek:deepseek-chat},
     * {@code openai:llama3.2}.
     *
     * @throws NodeExecutionException with {@code UNKNOWN_NODE} for an unknown provider, listing the known ones;
     *                                with {@code INVALID_INPUT} for {@code simulated:NAME} with a name other
     *                                than {@code simulated} (the simulated model has no variants)
     */
    public static LlmProvider model(String spec, Settings settings) {
        if (spec == null || spec.isBlank()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "the model must not be empty; use PROVIDER:MODEL");
        }
        int colon = spec.indexOf(':');
        String provider = colon < 0 ? spec : spec.substring(0, colon);
        String model = colon < 0 || colon == spec.length() - 1 ? null : spec.substring(colon + 1);
        if (provider.equals(SimulatedLlmProvider.KIND)) {
            if (model != null && !model.equals(SimulatedLlmProvider.KIND)) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "the simulated model has no variants;"
                        + " use --model simulated (the part after ':' names a model for providers such as"
                        + " deepseek:deepseek-reasoner or openai:llama3.2)");
            }
            return new SimulatedLlmProvider(simulatedLatency(settings));
        }
        for (LlmProviderFactory factory : ServiceLoader.load(LlmProviderFactory.class)) {
            if (factory.provider().equals(provider)) {
                return factory.create(model, settings);
            }
        }
        String module = MODEL_MODULES.get(provider);
        throw new NodeExecutionException(ErrorCode.UNKNOWN_NODE, "unknown model provider '" + provider + "'"
                + (module == null ? "" : " (it comes with the " + module + " module: add it to the class path)")
                + "; known providers: " + String.join(", ", modelProviders()));
    }

    /** Which module brings each model provider ClusterNode ships, so a missing one can be named. */
    private static final Map<String, String> MODEL_MODULES = Map.of("deepseek", "clusternode-openai",
            "openai", "clusternode-openai");

    /** Which module brings each memory backend ClusterNode ships, by the start of its spec. */
    private static final Map<String, String> MEMORY_MODULES = Map.of("sqlite:", "clusternode-memory-sqlite",
            "postgresql:", "clusternode-memory-postgresql", "postgres:", "clusternode-memory-postgresql",
            "jdbc:postgresql:", "clusternode-memory-postgresql", "redis:", "clusternode-memory-redis",
            "rediss:", "clusternode-memory-redis");

    /** A user-set latency that is not a whole number of milliseconds is bad input, not an internal failure. */
    private static Duration simulatedLatency(Settings settings) {
        String value = settings.get("SIMULATED_LATENCY_MS", "0").strip();
        long millis;
        try {
            millis = Long.parseLong(value);
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < 0) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "SIMULATED_LATENCY_MS must be a whole number"
                    + " of milliseconds, zero or more");
        }
        return Duration.ofMillis(millis);
    }

    /** Names of the model providers available, the simulated one first. */
    public static List<String> modelProviders() {
        List<String> names = new ArrayList<>();
        names.add(SimulatedLlmProvider.KIND);
        ServiceLoader.load(LlmProviderFactory.class).forEach(f -> names.add(f.provider()));
        return names;
    }

    /** One help line per model provider. */
    public static List<String> modelProviderDescriptions() {
        List<String> lines = new ArrayList<>();
        lines.add("simulated          deterministic offline model (default; SIMULATED_LATENCY_MS sets a delay)");
        ServiceLoader.load(LlmProviderFactory.class).forEach(f -> lines.add(f.description()));
        return lines;
    }

    /**
     * A memory from a specification: {@code window} (in-process), or any spec a factory on the class path
     * accepts ({@code sqlite:PATH}, {@code postgresql://...}, {@code redis://...}). {@code window} reads
     * {@code MEMORY_MAX_MESSAGES} and {@code MEMORY_TTL_SECONDS} from the settings.
     *
     * @throws NodeExecutionException with {@code INVALID_INPUT} for an empty or blank specification or bad
     *                                parameters, {@code UNKNOWN_NODE} when no factory accepts it
     */
    public static MemoryProvider memory(String spec, Settings settings) {
        if (spec == null || spec.isBlank()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "the memory must not be empty; use window, "
                    + "sqlite:PATH, postgresql://HOST/DB or redis://HOST");
        }
        if (spec.equals("window") || spec.startsWith("window?")) {
            MemorySpec parsed = MemorySpec.parse(spec, "Window");
            MemoryOptions options = parsed.options(settings);
            parsed.requireNoneLeft("max, ttl");
            return WindowMemory.builder().options(options).build();
        }
        for (MemoryProviderFactory factory : ServiceLoader.load(MemoryProviderFactory.class)) {
            if (factory.accepts(spec)) {
                return factory.create(spec, settings);
            }
        }
        List<String> known = new ArrayList<>();
        known.add("window");
        ServiceLoader.load(MemoryProviderFactory.class).forEach(f -> known.add(f.description()));
        String module = MEMORY_MODULES.entrySet().stream().filter(e -> spec.startsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        throw new NodeExecutionException(ErrorCode.UNKNOWN_NODE, "unknown memory '" + Redaction.url(spec) + "'"
                + (module == null ? "" : " (it comes with the " + module + " module: add it to the class path)")
                + "; known: " + String.join("; ", known));
    }
}
