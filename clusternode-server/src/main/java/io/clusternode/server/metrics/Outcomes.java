package io.clusternode.server.metrics;

import io.clusternode.core.error.NodeExecutionException;
import java.util.Locale;

/** The outcome tag of a failed operation: the error code in lower case, or {@code error} for anything else. */
final class Outcomes {

    static final String SUCCESS = "success";

    private Outcomes() {
    }

    static String of(RuntimeException e) {
        return e instanceof NodeExecutionException node ? node.code().name().toLowerCase(Locale.ROOT) : "error";
    }
}
