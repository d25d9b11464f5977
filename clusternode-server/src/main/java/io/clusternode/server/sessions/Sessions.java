package io.clusternode.server.sessions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.SessionStats;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.server.http.ApiError;
import io.clusternode.server.http.ApiException;
import io.clusternode.server.http.Responses;
import io.clusternode.server.http.Safe;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Locale;

/**
 * The sessions API over the configured memory: {@code GET /api/sessions} (most recently used first),
 * {@code GET /api/sessions/{id}} (statistics and messages), {@code DELETE /api/sessions/{id}}.
 */
public final class Sessions implements HttpService {

    /** The most messages one {@code GET /api/sessions/{id}} returns (the latest ones). */
    public static final int MAX_MESSAGES = 1000;

    private final MemoryProvider memory;

    /** The sessions API over {@code memory}. */
    public Sessions(MemoryProvider memory) {
        this.memory = memory;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Safe.handler(this::list)).get("/{id}", Safe.handler(this::one))
                .delete("/{id}", Safe.handler(this::delete));
    }

    private void list(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.object().put("object", "list");
        ArrayNode data = body.putArray("data");
        for (SessionStats stats : memory.sessions()) {
            data.add(stats(stats));
        }
        Responses.json(res, 200, body);
    }

    private void one(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        SessionStats stats = memory.stats(id).orElseThrow(Sessions::notFound);
        ObjectNode body = stats(stats);
        ArrayNode messages = body.putArray("messages");
        List<Message> history = memory.retrieve(id, MAX_MESSAGES);
        for (Message message : history) {
            ObjectNode item = messages.addObject();
            item.put("role", message.role().name().toLowerCase(Locale.ROOT));
            item.put("content", message.content());
            if (message.hasToolCalls()) {
                ArrayNode calls = item.putArray("tool_calls");
                for (ToolCall call : message.toolCalls()) {
                    calls.addObject().put("id", call.id()).put("type", "function").putObject("function")
                            .put("name", call.name()).put("arguments", call.arguments());
                }
            }
            if (message.toolCallId() != null) {
                item.put("tool_call_id", message.toolCallId());
            }
        }
        Responses.json(res, 200, body);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        if (!memory.clear(id)) {
            throw notFound();
        }
        Responses.json(res, 200, Json.object().put("id", id).put("object", "session").put("deleted", true));
    }

    private static ObjectNode stats(SessionStats stats) {
        return Json.object().put("id", stats.sessionId()).put("object", "session")
                .put("message_count", stats.messageCount())
                .put("created_at", stats.createdAt() == null ? null : stats.createdAt().toString())
                .put("last_access_at", stats.lastAccessAt() == null ? null : stats.lastAccessAt().toString())
                .put("approximate_bytes", stats.approximateBytes());
    }

    private static ApiException notFound() {
        return new ApiException(ApiError.notFound("session_not_found", "there is no session with that id;"
                + " GET /api/sessions lists them"));
    }
}
