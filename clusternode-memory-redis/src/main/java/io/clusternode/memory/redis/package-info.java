/** Chat memory in Redis ({@code redis://...}), shared by several ClusterNode processes. */
package io.clusternode.memory.redis;
