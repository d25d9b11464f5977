package io.clusternode.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.workflow.Item;
import io.clusternode.workflow.WebhookResponse;
import io.clusternode.workflow.expression.Values;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.MainNode;
import io.clusternode.workflow.spi.NodeRun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code n8n-nodes-base.respondToWebhook}: passes its items on, as n8n does, and hands the run the answer for
 * the webhook's caller ({@link NodeRun#respond}): {@code respondWith} {@code firstIncomingItem} (n8n's default),
 * {@code allIncomingItems}, {@code json} ({@code responseBody}), {@code text} ({@code responseBody}) or
 * {@code noData}, with {@code options.responseCode} and {@code options.responseHeaders}.
 */
final class RespondToWebhookNode implements MainNode {

    private static final Set<String> SUPPORTED = Set.of("firstIncomingItem", "allIncomingItems", "json", "text",
            "noData");

    private final NodeSpec spec;
    private final String respondWith;

    RespondToWebhookNode(NodeSpec spec) {
        this.spec = spec;
        this.respondWith = spec.parameter("respondWith").asText("firstIncomingItem");
    }

    static String unsupportedReason(NodeSpec node) {
        String respondWith = node.parameter("respondWith").asText("firstIncomingItem");
        if (!SUPPORTED.contains(respondWith)) {
            return "respondWith '" + respondWith + "' is not supported (firstIncomingItem, allIncomingItems, json,"
                    + " text and noData are)";
        }
        return null;
    }

    @Override
    public List<List<Item>> execute(NodeRun run) {
        List<Item> input = run.input();
        JsonNode body = null;
        String text = null;
        switch (respondWith) {
            case "firstIncomingItem" -> body = input.isEmpty() ? Json.object() : input.get(0).json();
            case "allIncomingItems" -> {
                ArrayNode all = Json.MAPPER.createArrayNode();
                input.forEach(item -> all.add(item.json()));
                body = all;
            }
            case "json" -> body = jsonBody(run.parameter("responseBody", 0));
            case "text" -> text = Params.text(run.parameter("responseBody", 0), "");
            default -> {
                // noData: an empty answer
            }
        }
        int status = Params.integer(run.parameter("options.responseCode", 0), spec, "options.responseCode", 200);
        if (status < 100 || status > 599) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name()
                    + "': options.responseCode must be an HTTP status between 100 and 599");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode entries = run.parameter("options.responseHeaders.entries", 0);
        if (entries.isArray()) {
            for (JsonNode entry : entries) {
                String name = Params.text(entry.get("name"), "");
                if (!name.isBlank()) {
                    headers.put(name.strip(), Params.text(entry.get("value"), ""));
                }
            }
        }
        run.respond(new WebhookResponse(spec.name(), respondWith, status, headers, body, text));
        return List.of(input);
    }

    /** {@code responseBody} of {@code respondWith: json}: an object from an expression, or JSON text. */
    private JsonNode jsonBody(JsonNode value) {
        if (Values.isNullish(value)) {
            return Json.object();
        }
        if (!value.isTextual()) {
            return value;
        }
        try {
            return Json.parse(value.textValue(), "node '" + spec.name() + "' responseBody");
        } catch (NodeExecutionException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_JSON, "node '" + spec.name()
                    + "': the response body is not valid JSON: " + e.getMessage());
        }
    }
}
