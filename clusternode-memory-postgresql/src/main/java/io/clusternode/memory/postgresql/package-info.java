/** Chat memory in PostgreSQL ({@code postgresql://...}), shared by several ClusterNode processes. */
package io.clusternode.memory.postgresql;
