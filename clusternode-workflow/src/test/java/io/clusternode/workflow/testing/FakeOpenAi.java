package io.clusternode.workflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.clusternode.core.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat-completions server on loopback that replays scripted responses in order (or
 * answers each request with a function), and records the request bodies it received.
 */
public final class FakeOpenAi implements AutoCloseable {

    /** One scripted HTTP response. */
    public record Reply(int status, String body) {
    }

    private final HttpServer server;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<JsonNode> requests = new ArrayList<>();
    private Function<JsonNode, Reply> responder;

    public FakeOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            JsonNode request = Json.parse(new String(in, StandardCharsets.UTF_8), "request");
            Reply reply;
            synchronized (this) {
                requests.add(request);
                reply = !script.isEmpty() ? script.poll()
                        : responder != null ? responder.apply(request)
                        : new Reply(500, "{\"error\":{\"message\":\"no scripted response left\"}}");
            }
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public synchronized FakeOpenAi reply(Reply reply) {
        script.add(reply);
        return this;
    }

    /** Answers every request the script does not cover. */
    public synchronized FakeOpenAi respondWith(Function<JsonNode, Reply> function) {
        this.responder = function;
        return this;
    }

    public synchronized List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** n8n's test helper {@code chatCompletionResponse(content)}. */
    public static Reply completion(String content) {
        ObjectNode body = envelope();
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        return new Reply(200, Json.write(body));
    }

    /** n8n's test helper {@code toolCallResponse(calls)} with one call. */
    public static Reply toolCall(String id, String name, String arguments) {
        ObjectNode body = envelope();
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        message.putNull("content");
        ArrayNode calls = message.putArray("tool_calls");
        ObjectNode call = calls.addObject().put("id", id).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
        choice.put("finish_reason", "tool_calls");
        return new Reply(200, Json.write(body));
    }

    private static ObjectNode envelope() {
        ObjectNode body = Json.object();
        body.put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1700000000).put("model", "gpt-4o-mini");
        body.set("usage", Json.object().put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15));
        return body;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
