/**
 * The AI Agent root node ({@link io.clusternode.core.agent.AiAgent}): the one agent loop of ClusterNode. It loads
 * a session's history from its memory, calls its chat model, runs the tools the model asks for (several at once
 * on virtual threads), and stores the whole turn only when the run succeeds.
 */
@NullMarked
package io.clusternode.core.agent;

import org.jspecify.annotations.NullMarked;
