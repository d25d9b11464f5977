package io.clusternode.server.metrics;

import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.server.http.ApiException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The outcome tag of an operation: {@code success}, or for a failure the API error's code, the error code in lower
 * case, or {@code error} for anything else.
 */
public final class Outcomes {

    /** The outcome of an operation that succeeded. */
    public static final String SUCCESS = "success";

    private Outcomes() {
    }

    /** Receives how one measured operation ended: its outcome tag and how long it took. */
    @FunctionalInterface
    public interface Recorder {
        void record(String outcome, long nanos);
    }

    /**
     * Runs {@code operation} and records its outcome and duration; a failure is recorded with its own outcome
     * tag and rethrown unchanged.
     */
    public static <T> T measure(Supplier<T> operation, Recorder recorder) {
        long start = System.nanoTime();
        try {
            T value = operation.get();
            recorder.record(SUCCESS, System.nanoTime() - start);
            return value;
        } catch (RuntimeException | Error e) {
            recorder.record(of(e), System.nanoTime() - start);
            throw e;
        }
    }

    /** The outcome tag of an operation that failed with {@code e}. */
    public static String of(Throwable e) {
        if (e instanceof ApiException api) {
            return api.error().code();
        }
        return e instanceof NodeExecutionException node ? node.code().name().toLowerCase(Locale.ROOT) : "error";
    }
}
