/**
 * The service provider interface every node implements: {@link io.clusternode.core.spi.SubNodeProvider} and its
 * four kinds ({@link io.clusternode.core.spi.LlmProvider}, {@link io.clusternode.core.spi.MemoryProvider},
 * {@link io.clusternode.core.spi.ToolProvider}, {@link io.clusternode.core.spi.AgentProvider}), the factories
 * found with {@link java.util.ServiceLoader}, and settings. This package depends on the model records only.
 */
@NullMarked
package io.clusternode.core.spi;

import org.jspecify.annotations.NullMarked;
