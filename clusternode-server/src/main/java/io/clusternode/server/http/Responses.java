package io.clusternode.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clusternode.core.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;

/** Writes JSON answers. */
public final class Responses {

    public static final String JSON = "application/json";

    private Responses() {
    }

    /** Sends {@code value} (a Jackson tree or any serialisable object) as JSON with the given status. */
    public static void json(ServerResponse res, int status, Object value) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, JSON);
        res.send(bytes);
    }

    /** Sends an OpenAI-style error; a 429 carries {@code Retry-After}. */
    public static void error(ServerResponse res, ApiError error) {
        if (error.status() == 429) {
            res.header(HeaderNames.create("Retry-After"), "1");
        }
        json(res, error.status(), error.body());
    }
}
