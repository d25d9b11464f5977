/**
 * The tools of Model Context Protocol servers as ClusterNode tools: {@link io.clusternode.mcp.McpToolSource}
 * connects to a server over stdio, Streamable HTTP or SSE and exposes its tools as
 * {@link io.clusternode.core.spi.ToolProvider}s.
 */
package io.clusternode.mcp;
