/**
 * The HTTP request tool: an HTTP API call as a {@link io.clusternode.core.spi.ToolProvider}, with placeholders
 * the model fills, private addresses refused unless allow-listed, and bounded responses.
 */
package io.clusternode.tools.http;
