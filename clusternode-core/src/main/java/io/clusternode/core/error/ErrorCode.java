package io.clusternode.core.error;

/**
 * Stable error codes of {@link NodeExecutionException}. The names are part of the public contract:
 * users match on them, the CLI prints them, the HTTP server maps them to statuses. Never rename one.
 */
public enum ErrorCode {
    /** A request or configuration value is malformed or out of range. */
    INVALID_INPUT(false),
    /** Malformed JSON where JSON was expected (workflow file, tool arguments, a model's reply). */
    INVALID_JSON(false),
    /** No provider of that kind exists, or a node type is unknown. */
    UNKNOWN_NODE(false),
    /** A provider was registered twice under one id. */
    DUPLICATE_NODE(false),
    /** A provider exists but is of another type than the one asked for. */
    WRONG_NODE_TYPE(false),
    /** A root node lacks a required sub-node (e.g. an agent without a model). */
    MISSING_SUB_NODE(false),
    /** The session id is empty, too long or contains control characters. */
    INVALID_SESSION_ID(false),
    /** A tool was called with arguments that do not match its schema, or the tool failed. */
    TOOL_ERROR(false),
    /** The agent reached its maximum number of iterations without a final answer. */
    MAX_ITERATIONS_EXCEEDED(false),
    /** The model endpoint rejected the credentials (401/403). */
    AUTHENTICATION_FAILED(false),
    /** The model endpoint rejected the request (400, 404, 422). */
    MODEL_REQUEST_REJECTED(false),
    /** The model endpoint is rate limiting (429); retried with backoff before surfacing. */
    RATE_LIMITED(true),
    /** The model endpoint failed (5xx) or could not be reached; retried before surfacing. */
    MODEL_UNAVAILABLE(true),
    /** A call ran past its timeout. */
    TIMEOUT(true),
    /** The model's reply could not be understood (malformed body, truncated stream). */
    MODEL_PROTOCOL_ERROR(false),
    /** The circuit breaker is open: the endpoint failed repeatedly and calls fail fast for a while. */
    CIRCUIT_OPEN(true),
    /** A memory backend failed (database unreachable, I/O error). */
    MEMORY_ERROR(true),
    /** The provider was used after {@code close()} or before a required initialisation. */
    PROVIDER_CLOSED(false),
    /** The run was interrupted or cancelled. */
    CANCELLED(false),
    /** A workflow names a node type (or type version) that ClusterNode does not run. */
    UNSUPPORTED_NODE(false),
    /** A workflow is malformed: a connection to a missing node, a cycle, a missing trigger. */
    INVALID_WORKFLOW(false),
    /** An expression or code snippet failed to evaluate, or ran past its limits. */
    EXPRESSION_ERROR(false),
    /** A node needs a credential that was not supplied. */
    MISSING_CREDENTIAL(false),
    /** An input or a reply exceeded a configured size limit (response bytes, line length, request body). */
    LIMIT_EXCEEDED(false),
    /** An unexpected internal failure: a bug, reported with its cause. */
    INTERNAL(false);

    private final boolean transientFailure;

    ErrorCode(boolean transientFailure) {
        this.transientFailure = transientFailure;
    }

    /** Whether retrying the same request later may succeed. */
    public boolean isTransient() {
        return transientFailure;
    }
}
