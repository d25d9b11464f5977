/**
 * Chat models that need no network: the deterministic {@link io.clusternode.core.llm.SimulatedLlmProvider} (the
 * embedded default) and {@link io.clusternode.core.llm.CachedLlmProvider}, a response cache around any model.
 */
@NullMarked
package io.clusternode.core.llm;

import org.jspecify.annotations.NullMarked;
