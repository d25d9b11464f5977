package io.clusternode.server.metrics;

import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.server.http.ApiException;
import java.util.Locale;

/**
 * The outcome tag of an operation: {@code success}, or for a failure the API error's code, the error code in lower
 * case, or {@code error} for anything else.
 */
public final class Outcomes {

    /** The outcome of an operation that succeeded. */
    public static final String SUCCESS = "success";

    private Outcomes() {
    }

    /** The outcome tag of an operation that failed with {@code e}. */
    public static String of(Throwable e) {
        if (e instanceof ApiException api) {
            return api.error().code();
        }
        return e instanceof NodeExecutionException node ? node.code().name().toLowerCase(Locale.ROOT) : "error";
    }
}
