package io.clusternode.openai;

import io.clusternode.core.error.ErrorCode;

/**
 * What an HTTP error status from a chat endpoint means: the code users see, whether a retry may help,
 * and whether it says the endpoint is unhealthy (what the circuit breaker counts).
 */
enum StatusClass {
    /** 401, 403: the key is missing or wrong. */
    AUTHENTICATION(ErrorCode.AUTHENTICATION_FAILED, false, false),
    /** 429: slow down, then try again. */
    RATE_LIMITED(ErrorCode.RATE_LIMITED, true, false),
    /** 5xx: the endpoint is failing. */
    SERVER_ERROR(ErrorCode.MODEL_UNAVAILABLE, true, true),
    /** Any other 4xx (400, 404, 422...): the request itself is wrong; repeating it changes nothing. */
    REJECTED(ErrorCode.MODEL_REQUEST_REJECTED, false, false);

    private final ErrorCode code;
    private final boolean retryable;
    private final boolean endpointFault;

    StatusClass(ErrorCode code, boolean retryable, boolean endpointFault) {
        this.code = code;
        this.retryable = retryable;
        this.endpointFault = endpointFault;
    }

    /** The class of a non-2xx status. */
    static StatusClass of(int status) {
        return switch (status) {
            case 401, 403 -> AUTHENTICATION;
            case 429 -> RATE_LIMITED;
            default -> status >= 500 ? SERVER_ERROR : REJECTED;
        };
    }

    ErrorCode code() {
        return code;
    }

    boolean retryable() {
        return retryable;
    }

    boolean endpointFault() {
        return endpointFault;
    }
}
