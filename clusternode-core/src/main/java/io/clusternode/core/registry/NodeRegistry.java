package io.clusternode.core.registry;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.AgentProvider;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.spi.SubNodeProvider;
import io.clusternode.core.spi.ToolProvider;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Where providers are registered under an id (by default their kind, e.g. {@code simulated}) and looked up.
 * Thread-safe; look-ups take no lock.
 */
public final class NodeRegistry implements AutoCloseable {

    private final ConcurrentHashMap<String, SubNodeProvider> providers = new ConcurrentHashMap<>();

    /** Registers a provider under its kind. */
    public <P extends SubNodeProvider> P register(P provider) {
        return register(provider.kind(), provider);
    }

    /**
     * Registers a provider under an id.
     *
     * @throws NodeExecutionException with {@code DUPLICATE_NODE} when the id is taken
     */
    public <P extends SubNodeProvider> P register(String id, P provider) {
        Objects.requireNonNull(provider, "provider");
        if (id == null || id.isBlank()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "a provider id must not be empty");
        }
        SubNodeProvider previous = providers.putIfAbsent(id, provider);
        if (previous != null) {
            throw new NodeExecutionException(ErrorCode.DUPLICATE_NODE, "a provider is already registered as '" + id
                    + "' (" + previous.type().connectionType() + "); unregister it first or choose another id");
        }
        return provider;
    }

    /** Removes and returns the provider registered under the id, or null. Does not close it. */
    public @Nullable SubNodeProvider unregister(String id) {
        return id == null ? null : providers.remove(id);
    }

    /**
     * The provider registered under the id.
     *
     * @throws NodeExecutionException with {@code UNKNOWN_NODE} when there is none
     */
    public SubNodeProvider get(String id) {
        SubNodeProvider provider = id == null ? null : providers.get(id);
        if (provider == null) {
            throw new NodeExecutionException(ErrorCode.UNKNOWN_NODE, "no provider is registered as '" + id
                    + "'; registered: " + ids());
        }
        return provider;
    }

    /**
     * The provider registered under the id, as the given type.
     *
     * @throws NodeExecutionException with {@code WRONG_NODE_TYPE} when it is of another type
     */
    public <P extends SubNodeProvider> P get(String id, Class<P> type) {
        SubNodeProvider provider = get(id);
        if (!type.isInstance(provider)) {
            throw new NodeExecutionException(ErrorCode.WRONG_NODE_TYPE, "provider '" + id + "' is "
                    + withArticle(provider.type().connectionType()) + " node, not " + withArticle(describe(type)) + " node");
        }
        return type.cast(provider);
    }

    /** The chat model registered as {@code id}. */
    public LlmProvider model(String id) {
        return get(id, LlmProvider.class);
    }

    public MemoryProvider memory(String id) {
        return get(id, MemoryProvider.class);
    }

    public ToolProvider tool(String id) {
        return get(id, ToolProvider.class);
    }

    public AgentProvider agent(String id) {
        return get(id, AgentProvider.class);
    }

    public boolean contains(String id) {
        return id != null && providers.containsKey(id);
    }

    /** Registered ids, sorted. */
    public List<String> ids() {
        return providers.keySet().stream().sorted().toList();
    }

    /** Registered ids of one type, sorted. */
    public List<String> ids(NodeType type) {
        return providers.entrySet().stream().filter(e -> e.getValue().type() == type).map(e -> e.getKey())
                .sorted(Comparator.naturalOrder()).toList();
    }

    public int size() {
        return providers.size();
    }

    /** Initialises every registered provider. */
    public void initializeAll() {
        providers.values().forEach(SubNodeProvider::initialize);
    }

    /** Closes and removes every provider; keeps closing when one fails and rethrows the first failure. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (String id : ids()) {
            SubNodeProvider provider = providers.remove(id);
            if (provider == null) {
                continue;
            }
            try {
                provider.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static String withArticle(String noun) {
        return ("aeiou".indexOf(Character.toLowerCase(noun.charAt(0))) >= 0 ? "an " : "a ") + noun;
    }

    private static String describe(Class<?> type) {
        if (type == LlmProvider.class) {
            return NodeType.LANGUAGE_MODEL.connectionType();
        }
        if (type == MemoryProvider.class) {
            return NodeType.MEMORY.connectionType();
        }
        if (type == ToolProvider.class) {
            return NodeType.TOOL.connectionType();
        }
        if (type == AgentProvider.class) {
            return "agent";
        }
        return type.getSimpleName();
    }
}
