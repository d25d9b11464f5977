package io.clusternode.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small JDK HttpClient wrapper for tests against a server on loopback. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    record Answer(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            return Json.parse(body, "answer");
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The data lines of a server-sent-events body. */
        List<String> events() {
            List<String> events = new ArrayList<>();
            for (String block : body.split("\n\n", -1)) {
                if (block.startsWith("data: ")) {
                    events.add(block.substring(6));
                }
            }
            return events;
        }
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    Answer get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    Answer delete(String path, String... headers) {
        return send(request(path, headers).DELETE().build());
    }

    Answer post(String path, String body, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A chat request body for {@code model} with one user message. */
    static String chat(String model, String userMessage) {
        return Json.write(Json.object().put("model", model).set("messages",
                Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", userMessage))));
    }
}
