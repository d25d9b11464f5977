package io.clusternode.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.workflow.Item;
import io.clusternode.workflow.expression.Values;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.MainNode;
import io.clusternode.workflow.spi.NodeRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code n8n-nodes-base.code} (JavaScript): "Run Once for All Items" (the code sees {@code items} and
 * {@code $input.all()} and returns an array of items) or "Run Once for Each Item" (the code sees {@code $json}
 * and {@code item} and returns one item). An item is {@code {json: {...}}} or a plain object, which becomes the
 * item's json. The code runs in the JavaScript sandbox.
 */
final class CodeNode implements MainNode {

    private final NodeSpec spec;

    CodeNode(NodeSpec spec) {
        this.spec = spec;
    }

    static String unsupportedReason(NodeSpec node) {
        String language = node.parameter("language").asText("javaScript");
        return language.equals("javaScript") ? null : "only JavaScript code is supported, not " + language;
    }

    @Override
    public List<List<Item>> execute(NodeRun run) {
        String code = spec.parameter("jsCode").asText("");
        boolean eachItem = "runOnceForEachItem".equals(spec.parameter("mode").asText("runOnceForAllItems"));
        List<Item> out = new ArrayList<>();
        if (eachItem) {
            for (int i = 0; i < run.input().size(); i++) {
                Map<String, Object> bindings = run.scope(i).bindings();
                bindings.put("item", run.input().get(i).toJson());
                Object result = run.expressions().javaScript().run(code, bindings);
                if (result == null) {
                    continue;
                }
                if (result instanceof List<?> list && list.size() == 1) {
                    result = list.get(0);
                }
                out.add(Item.derive(spec.name(), itemJson(Values.fromJava(result)), run.input().get(i), i));
            }
            return List.of(out);
        }
        Map<String, Object> bindings = run.scope(0).bindings();
        List<Object> items = new ArrayList<>(run.input().size());
        run.input().forEach(item -> items.add(item.toJson()));
        bindings.put("items", items);
        JsonNode result = Values.fromJava(run.expressions().javaScript().run(code, bindings));
        if (result.isObject()) {
            out.add(derive(run, result, 0));
        } else if (result.isArray()) {
            for (int i = 0; i < result.size(); i++) {
                out.add(derive(run, result.get(i), i));
            }
        } else {
            throw badReturn();
        }
        return List.of(out);
    }

    private Item derive(NodeRun run, JsonNode value, int index) {
        List<Item> input = run.input();
        Item origin = input.isEmpty() ? null : input.get(Math.min(index, input.size() - 1));
        int paired = value.path("pairedItem").path("item").asInt(Math.min(index, Math.max(0, input.size() - 1)));
        return new Item(itemJson(value), paired, spec.name(), origin);
    }

    private ObjectNode itemJson(JsonNode value) {
        if (!value.isObject()) {
            throw badReturn();
        }
        JsonNode json = value.get("json");
        if (json != null) {
            if (!json.isObject()) {
                throw badReturn();
            }
            return (ObjectNode) json;
        }
        return (ObjectNode) value;
    }

    private NodeExecutionException badReturn() {
        return new NodeExecutionException(ErrorCode.EXPRESSION_ERROR, "node '" + spec.name() + "': the code must return "
                + "items: an array of objects such as [{json: {...}}] (or one object when it runs for each item)");
    }
}
