package io.clusternode.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.json.Json;
import io.clusternode.server.AgentCatalog;
import io.clusternode.server.http.ApiError;
import io.clusternode.server.http.ApiException;
import io.clusternode.server.http.Responses;
import io.clusternode.server.http.Safe;
import io.clusternode.server.workflows.WorkflowCatalog;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: each served agent is a model, and so is each served
 * workflow with a chat trigger.
 */
public final class Models implements HttpService {

    private final AgentCatalog catalog;
    private final WorkflowCatalog workflows;
    private final long created = System.currentTimeMillis() / 1000;

    /** The models list of {@code catalog}'s agents and the chat-triggered workflows of {@code workflows}. */
    public Models(AgentCatalog catalog, WorkflowCatalog workflows) {
        this.catalog = catalog;
        this.workflows = workflows;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Safe.handler(this::list)).get("/{id}", Safe.handler(this::one));
    }

    private void list(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.object().put("object", "list");
        ArrayNode data = body.putArray("data");
        for (String name : catalog.names()) {
            data.add(model(name, "clusternode"));
        }
        for (String name : workflows.modelNames()) {
            data.add(model(name, "workflow"));
        }
        Responses.json(res, 200, body);
    }

    private void one(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        if (catalog.agent(id).isPresent()) {
            Responses.json(res, 200, model(id, "clusternode"));
        } else if (workflows.model(id).isPresent()) {
            Responses.json(res, 200, model(id, "workflow"));
        } else {
            throw new ApiException(ApiError.notFound("model_not_found", "there is no model (agent or workflow) with"
                    + " that id; GET /v1/models lists them"));
        }
    }

    /** A model; {@code owned_by} tells agents ({@code clusternode}) from n8n workflows ({@code workflow}). */
    private ObjectNode model(String name, String owner) {
        return Json.object().put("id", name).put("object", "model").put("created", created)
                .put("owned_by", owner);
    }
}
