package io.clusternode.server.http;

/** Ends a request with an {@link ApiError}; thrown by request parsing and limits, answered by the server. */
public final class ApiException extends RuntimeException {

    private final transient ApiError error;

    public ApiException(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
