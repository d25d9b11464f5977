/**
 * The data that flows between nodes, as immutable records: messages, tool calls and definitions, model call
 * settings and results, token usage, agent run settings and results, and memory session statistics.
 */
@NullMarked
package io.clusternode.core.model;

import org.jspecify.annotations.NullMarked;
