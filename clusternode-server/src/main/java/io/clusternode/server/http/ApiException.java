package io.clusternode.server.http;

/** Ends a request with an {@link ApiError}; thrown by request parsing and limits, answered by the server. */
public final class ApiException extends RuntimeException {

    private final transient ApiError error;

    /** @param error the answer the request gets */
    public ApiException(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    /** The answer the request gets. */
    public ApiError error() {
        return error;
    }
}
