package io.clusternode.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.secret.Redaction;
import java.util.Locale;

/**
 * An error answer in the OpenAI API's shape, {@code {"error":{"message","type","code","param"}}}, with its HTTP
 * status. Messages say what was wrong and what to do; they never carry a stack trace or a secret.
 *
 * @param status  the HTTP status
 * @param type    OpenAI's error type, e.g. {@code invalid_request_error}
 * @param code    a stable code: the ClusterNode {@link ErrorCode} in lower case, or an OpenAI code such as
 *                {@code model_not_found}
 * @param message what went wrong, for the user
 */
public record ApiError(int status, String type, String code, String message) {

    /** 400 {@code invalid_input}. */
    public static ApiError badRequest(String message) {
        return new ApiError(400, "invalid_request_error", "invalid_input", message);
    }

    /** 400 {@code invalid_json}. */
    public static ApiError invalidJson(String message) {
        return new ApiError(400, "invalid_request_error", "invalid_json", message);
    }

    /** 404 with the given code, e.g. {@code model_not_found}. */
    public static ApiError notFound(String code, String message) {
        return new ApiError(404, "invalid_request_error", code, message);
    }

    /** 401 {@code invalid_api_key}. */
    public static ApiError unauthorized() {
        return new ApiError(401, "invalid_request_error", "invalid_api_key",
                "a valid API key is required: send it as 'Authorization: Bearer KEY'");
    }

    /** 413 {@code request_too_large}. */
    public static ApiError payloadTooLarge(long limit) {
        return new ApiError(413, "invalid_request_error", "request_too_large",
                "the request body is larger than the server's limit of " + limit
                        + " bytes (CLUSTERNODE_MAX_BODY_BYTES, --max-body-bytes)");
    }

    /** 429 {@code rate_limit_exceeded}. */
    public static ApiError tooManyRuns(int cap) {
        return new ApiError(429, "requests", "rate_limit_exceeded",
                "the server is running its maximum of " + cap + " agent runs; retry after the Retry-After delay");
    }

    /** 504 {@code timeout}. */
    public static ApiError timeout(long seconds) {
        return new ApiError(504, "timeout", "timeout", "the agent run took longer than the server's limit of "
                + seconds + " s and was cancelled; nothing of it was stored");
    }

    /** 503 {@code shutting_down}. */
    public static ApiError shuttingDown() {
        return new ApiError(503, "server_error", "shutting_down", "the server is shutting down; retry on another instance");
    }

    /** 500 {@code internal}: details only in the server log. */
    public static ApiError internal() {
        return new ApiError(500, "server_error", "internal",
                "the server failed unexpectedly; the server log has the details under this request's id");
    }

    /** The answer for a failure the engine describes: the status follows the error code. */
    public static ApiError of(NodeExecutionException e) {
        ErrorCode code = e.code();
        int status = switch (code) {
            case INVALID_INPUT, INVALID_JSON, INVALID_SESSION_ID, UNSUPPORTED_NODE, INVALID_WORKFLOW,
                 EXPRESSION_ERROR -> 400;
            case UNKNOWN_NODE -> 404;
            case LIMIT_EXCEEDED -> 413;
            case RATE_LIMITED -> 429;
            case MODEL_UNAVAILABLE, MODEL_PROTOCOL_ERROR, AUTHENTICATION_FAILED, MODEL_REQUEST_REJECTED -> 502;
            case CIRCUIT_OPEN, MEMORY_ERROR -> 503;
            case TIMEOUT -> 504;
            default -> 500;
        };
        String type = status < 500 ? "invalid_request_error" : "server_error";
        return new ApiError(status, type, code.name().toLowerCase(Locale.ROOT), Redaction.line(e.getMessage()));
    }

    /** The JSON body. */
    public ObjectNode body() {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.put("code", code);
        return root;
    }
}
