package io.clusternode.workflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.clusternode.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a run produced.
 *
 * @param executionIds gives the run's id ({@code $execution.id}), made when first asked for
 * @param lastNode    name of the last node that ran
 * @param items       the last node's output items (its first output that has items)
 * @param nodeOutputs every node that ran, with the items it emitted (by name, in execution order)
 * @param webhookResponse the answer a {@code respondToWebhook} node gave, or null when none ran
 */
public record RunResult(Supplier<String> executionIds, String lastNode, List<Item> items,
                        Map<String, List<Item>> nodeOutputs, WebhookResponse webhookResponse) {

    /** The run's id, as {@code $execution.id} showed it. */
    public String executionId() {
        return executionIds.get();
    }

    /** The items as n8n shows them: {@code [{"json": {...}, "pairedItem": {"item": 0}}]}. */
    public ArrayNode toJson() {
        return toJson(items);
    }

    static ArrayNode toJson(List<Item> items) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        items.forEach(i -> out.add(i.toJson()));
        return out;
    }
}
