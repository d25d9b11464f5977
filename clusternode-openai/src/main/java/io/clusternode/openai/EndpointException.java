package io.clusternode.openai;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;

/**
 * One failed attempt at an endpoint: the code and message users see, plus what the retry and the circuit
 * breaker need: whether another attempt may help, whether the failure says the endpoint is unhealthy (what
 * the breaker counts), and the server's {@code Retry-After}. Built only through the named factories, so
 * each kind of failure has its verdict in one place.
 */
final class EndpointException extends NodeExecutionException {

    private static final long serialVersionUID = 1L;

    private final transient boolean retryable;
    private final transient boolean endpointFault;
    private final transient long retryAfterNanos;

    private EndpointException(ErrorCode code, String message, boolean retryable, boolean endpointFault,
                              long retryAfterNanos) {
        super(code, message);
        this.retryable = retryable;
        this.endpointFault = endpointFault;
        this.retryAfterNanos = retryAfterNanos;
    }

    /** No connection, or no answer within the read timeout: retried, and held against the endpoint. */
    static EndpointException timeout(String message) {
        return new EndpointException(ErrorCode.TIMEOUT, message, true, true, -1);
    }

    /** The call's total deadline passed: nothing is left to retry with. */
    static EndpointException deadline(String message) {
        return new EndpointException(ErrorCode.TIMEOUT, message, false, true, -1);
    }

    /** Unreachable, reset, or an error the endpoint reported in a 200 body: retried. */
    static EndpointException unavailable(String message) {
        return new EndpointException(ErrorCode.MODEL_UNAVAILABLE, message, true, true, -1);
    }

    /** A reply that is not the chat-completions protocol: another attempt would read the same. */
    static EndpointException protocol(String message) {
        return new EndpointException(ErrorCode.MODEL_PROTOCOL_ERROR, message, false, false, -1);
    }

    /** A reply larger than the configured limit: never retried (it would be downloaded again). */
    static EndpointException tooLarge(String message) {
        return new EndpointException(ErrorCode.LIMIT_EXCEEDED, message, false, false, -1);
    }

    /** An HTTP error status, judged by {@link StatusClass}. */
    static EndpointException status(StatusClass kind, String message, long retryAfterNanos) {
        return new EndpointException(kind.code(), message, kind.retryable(), kind.endpointFault(), retryAfterNanos);
    }

    /** This failure, no longer retryable (the budget is spent, or part of the answer already reached the user). */
    EndpointException last() {
        if (!retryable) {
            return this;
        }
        EndpointException copy = new EndpointException(code(), getMessage(), false, endpointFault, retryAfterNanos);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    boolean retryable() {
        return retryable;
    }

    boolean endpointFault() {
        return endpointFault;
    }

    /** The server's Retry-After in nanoseconds, or -1. */
    long retryAfterNanos() {
        return retryAfterNanos;
    }
}
