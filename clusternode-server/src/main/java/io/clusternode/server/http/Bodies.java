package io.clusternode.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads request bodies within the configured limit. */
public final class Bodies {

    private Bodies() {
    }

    /**
     * The whole body.
     *
     * @throws ApiException 413 when the declared or actual length is over {@code limit}
     */
    public static byte[] read(ServerRequest req, long limit) {
        long declared = req.headers().contentLength().orElse(-1L);
        if (declared > limit) {
            throw new ApiException(ApiError.payloadTooLarge(limit));
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            if (declared >= 0) {
                // The usual case: one array of the declared size, rather than readNBytes(limit)'s chunks of
                // buffers and final copy.
                byte[] bytes = new byte[(int) declared];
                int read = in.readNBytes(bytes, 0, bytes.length);
                if (read < bytes.length) {
                    throw new UncheckedIOException(new java.io.EOFException("the request body ended after " + read
                            + " of its " + declared + " declared bytes"));
                }
                return bytes;
            }
            // A chunked body declares no length: read at most one byte past the limit to see whether it is over.
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw new ApiException(ApiError.payloadTooLarge(limit));
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }
}
