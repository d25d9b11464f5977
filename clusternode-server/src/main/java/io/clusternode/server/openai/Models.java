package io.clusternode.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.json.Json;
import io.clusternode.server.AgentCatalog;
import io.clusternode.server.http.ApiError;
import io.clusternode.server.http.ApiException;
import io.clusternode.server.http.Responses;
import io.clusternode.server.http.Safe;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}: each served agent is a model. */
public final class Models implements HttpService {

    private final AgentCatalog catalog;
    private final long created = System.currentTimeMillis() / 1000;

    /** The models list of {@code catalog}'s agents. */
    public Models(AgentCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Safe.handler(this::list)).get("/{id}", Safe.handler(this::one));
    }

    private void list(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.object().put("object", "list");
        ArrayNode data = body.putArray("data");
        for (String name : catalog.names()) {
            data.add(model(name));
        }
        Responses.json(res, 200, body);
    }

    private void one(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        if (catalog.agent(id).isEmpty()) {
            throw new ApiException(ApiError.notFound("model_not_found", "there is no model (agent) with that id;"
                    + " GET /v1/models lists them"));
        }
        Responses.json(res, 200, model(id));
    }

    private ObjectNode model(String name) {
        return Json.object().put("id", name).put("object", "model").put("created", created)
                .put("owned_by", "clusternode");
    }
}
