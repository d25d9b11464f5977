package io.clusternode.workflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.json.Json;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted model for the fake server: when tools are offered and the last message is the user's, it calls
 * the first tool with a value for each of its properties; after a tool result it answers with that result;
 * otherwise it answers with the user's message and how many messages it received.
 */
public final class EchoModel {

    private EchoModel() {
    }

    public static java.util.function.Function<JsonNode, FakeOpenAi.Reply> responder() {
        AtomicInteger ids = new AtomicInteger();
        return request -> {
            JsonNode messages = request.path("messages");
            JsonNode last = messages.get(messages.size() - 1);
            JsonNode tools = request.path("tools");
            if ("user".equals(last.path("role").asText()) && tools.isArray() && !tools.isEmpty()) {
                JsonNode function = tools.get(0).path("function");
                ObjectNode args = Json.object();
                function.path("parameters").path("properties").fieldNames().forEachRemaining(name -> args.put(name, "red, blue"));
                if (args.isEmpty()) {
                    args.put("input", "2+2");
                }
                return FakeOpenAi.toolCall("call_" + ids.incrementAndGet(), function.path("name").asText(), Json.write(args));
            }
            if ("tool".equals(last.path("role").asText())) {
                return FakeOpenAi.completion("tool said: " + last.path("content").asText());
            }
            return FakeOpenAi.completion("echo: " + last.path("content").asText() + " (" + messages.size() + " messages)");
        };
    }
}
