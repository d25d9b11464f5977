package io.clusternode.server.http;

import io.clusternode.core.error.NodeExecutionException;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a handler's failure into its answer inside the route, so the access log and the HTTP metrics see the
 * status actually sent: an OpenAI-style error, never a stack trace; unexpected failures are logged with the
 * request id.
 */
public final class Safe {

    private static final Logger LOG = LoggerFactory.getLogger(Safe.class);

    private Safe() {
    }

    /** {@code handler}, answering its failures. */
    public static Handler handler(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (RuntimeException e) {
                answer(res, e);
            }
        };
    }

    /** Answers a failed request: an OpenAI-style error, never a stack trace; unexpected failures are logged. */
    public static void answer(ServerResponse res, RuntimeException e) {
        ApiError error;
        if (e instanceof ApiException api) {
            error = api.error();
        } else if (e instanceof NodeExecutionException node) {
            error = ApiError.of(node);
        } else if (e instanceof HttpException http && http.status().code() < 500) {
            // The web server's own answers, e.g. 404 for a path no route matches.
            int status = http.status().code();
            error = new ApiError(status, "invalid_request_error", status == 404 ? "not_found" : "bad_request",
                    status == 404 ? "there is nothing at this path" : http.status().reasonPhrase());
        } else if (e instanceof UncheckedIOException && res.isSent()) {
            LOG.debug("the client went away: {}", e.toString());
            return;
        } else {
            LOG.error("request failed unexpectedly", e);
            error = ApiError.internal();
        }
        if (res.isSent()) {
            LOG.debug("failure after the answer was sent: {}", error.message());
            return;
        }
        Responses.error(res, error);
    }

}
