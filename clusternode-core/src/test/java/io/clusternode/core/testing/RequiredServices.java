package io.clusternode.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Guards tests that need a real server on this machine (PostgreSQL, Redis). On a developer's machine a
 * missing server skips the test with a message saying what is missing; under {@code CI=true} it fails the
 * test instead, because a CI run that silently skipped its database tests would prove nothing.
 */
public final class RequiredServices {

    /** PostgreSQL as the tests expect it: 127.0.0.1:5432, database {@code test}, user postgres, trust auth. */
    public static final int POSTGRES_PORT = 5432;
    /** Redis as the tests expect it: 127.0.0.1:6379, no password. */
    public static final int REDIS_PORT = 6379;

    private RequiredServices() {
    }

    /**
     * Skips (or under CI fails) the calling test unless something listens on 127.0.0.1:{@code port}.
     *
     * @param name       what the service is, for the message (e.g. "PostgreSQL")
     * @param howToStart a command or hint that starts the service, shown when it is missing
     */
    public static void require(String name, int port, String howToStart) {
        if (reachable(port)) {
            return;
        }
        String message = name + " is not reachable on 127.0.0.1:" + port + "; start it (" + howToStart + ")";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("CI=true and a required service is down: " + message);
        }
        Assumptions.abort(message + " to run this test");
    }

    /** Skips (or under CI fails) unless PostgreSQL is reachable. */
    public static void requirePostgres() {
        require("PostgreSQL", POSTGRES_PORT,
                "e.g. 'pg_ctlcluster 15 main start' or 'service postgresql start'; the tests use database "
                        + "'test', user 'postgres' with trust authentication");
    }

    /** Skips (or under CI fails) unless Redis is reachable. */
    public static void requireRedis() {
        require("Redis", REDIS_PORT, "e.g. 'redis-server --daemonize yes' or 'service redis-server start'");
    }

    /** Whether a TCP connection to 127.0.0.1:{@code port} succeeds within a second. */
    public static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
