package io.clusternode.memory.redis;

import java.util.Objects;

/**
 * Where a Redis memory connects. {@link #toString()} never shows the password.
 *
 * @param host     the server's host
 * @param port     the server's port
 * @param user     the ACL user, or null for the default user
 * @param password the password, or null for none
 * @param database the logical database number
 * @param ssl      whether to use TLS ({@code rediss://})
 */
public record RedisConnection(String host, int port, String user, String password, int database, boolean ssl) {

    public RedisConnection {
        Objects.requireNonNull(host, "host");
    }

    /** An unauthenticated plain connection to database 0. */
    public static RedisConnection of(String host, int port) {
        return new RedisConnection(host, port, null, null, 0, false);
    }

    /** The address and database, never the password. */
    @Override
    public String toString() {
        return (ssl ? "rediss://" : "redis://") + (user == null ? "" : user + "@") + host + ":" + port + "/" + database
                + (password == null ? "" : " (password set)");
    }
}
