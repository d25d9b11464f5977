/**
 * The SQL chat memory shared by the SQLite and PostgreSQL memories ({@link io.clusternode.memory.jdbc.JdbcMemory}),
 * its options and the summary of driver failures. Carries no JDBC driver: add {@code clusternode-memory-sqlite}
 * or {@code clusternode-memory-postgresql}.
 */
package io.clusternode.memory.jdbc;
