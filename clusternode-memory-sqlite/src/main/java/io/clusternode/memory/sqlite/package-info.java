/**
 * Persistent chat memory in a SQLite file ({@code sqlite:PATH}), the embedded default that survives restarts
 * with no server.
 */
package io.clusternode.memory.sqlite;
