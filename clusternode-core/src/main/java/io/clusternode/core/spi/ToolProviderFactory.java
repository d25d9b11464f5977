package io.clusternode.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Creates tools of one kind, so that the CLI ({@code --tool KIND}) and tools files can name tools of modules
 * the caller does not compile against. Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.clusternode.core.spi.ToolProviderFactory}); a jar on the class path that
 * declares one adds its kind.
 */
public interface ToolProviderFactory {

    /** The kind, e.g. {@code calculator}, {@code http} or {@code mcp}: letters, digits, {@code _} and {@code -}. */
    String kind();

    /** One line for help texts: what the tools do and the options they take. */
    String description();

    /**
     * Creates the tools of this kind; a kind may give several (an MCP server gives one per server tool). The
     * caller closes every returned tool when done.
     *
     * @param options the kind's options, a JSON object (empty for a bare {@code --tool KIND})
     * @param settings environment and configuration values (credentials are read from here by name)
     * @throws io.clusternode.core.error.NodeExecutionException {@code INVALID_INPUT} for a missing or invalid
     *         option, described without echoing secret values
     */
    List<ToolProvider> create(JsonNode options, Settings settings);
}
