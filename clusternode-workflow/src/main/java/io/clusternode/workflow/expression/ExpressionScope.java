package io.clusternode.workflow.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.workflow.Item;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an expression sees: the run, the node whose parameter it is, the current item and its index among the
 * node's input items, and, while a tool runs, the arguments the model gave ({@code $fromAI}).
 */
public final class ExpressionScope {

    private final RunData run;
    private final Item item;
    private final int itemIndex;
    private final List<Item> input;
    private final JsonNode fromAi;

    public ExpressionScope(RunData run, Item item, int itemIndex, List<Item> input, JsonNode fromAi) {
        this.run = run;
        this.item = item;
        this.itemIndex = itemIndex;
        this.input = input == null ? List.of() : input;
        this.fromAi = fromAi;
    }

    /** The same scope while a tool runs with the model's {@code arguments}. */
    public ExpressionScope withFromAi(JsonNode arguments) {
        return new ExpressionScope(run, item, itemIndex, input, arguments);
    }

    public RunData run() {
        return run;
    }

    public Item item() {
        return item;
    }

    public int itemIndex() {
        return itemIndex;
    }

    public List<Item> input() {
        return input;
    }

    /** The model's tool arguments, or null outside a tool call. */
    public JsonNode fromAi() {
        return fromAi;
    }

    /** {@code $json}: the current item's data, or an empty object when there is no item. */
    public JsonNode json() {
        return item == null ? Json.object() : item.json();
    }

    /** The output items of a node this run, failing clearly when it does not exist or has not run. */
    public List<Item> outputOf(String nodeName) {
        List<Item> items = run.outputOf(nodeName);
        if (items != null) {
            return items;
        }
        if (!run.hasNode(nodeName)) {
            throw new NodeExecutionException(ErrorCode.EXPRESSION_ERROR,
                    "there is no node called '" + nodeName + "' in this workflow");
        }
        throw new NodeExecutionException(ErrorCode.EXPRESSION_ERROR, "node '" + nodeName
                + "' has not run in this execution, so its data cannot be referenced");
    }

    /** {@code $('Node').item}: the item of that node the current item descends from (else the same index). */
    public JsonNode pairedItemOf(String nodeName) {
        List<Item> items = outputOf(nodeName);
        Item ancestor = item == null ? null : item.ancestorFrom(nodeName);
        if (ancestor == null && !items.isEmpty()) {
            ancestor = items.get(Math.min(itemIndex, items.size() - 1));
        }
        return ancestor == null ? MissingNode.getInstance() : ancestor.toJson();
    }

    /** The first, last or all items of a list, as {@code {json, pairedItem}} objects. */
    public static JsonNode pick(List<Item> items, String which) {
        switch (which) {
            case "first" -> {
                return items.isEmpty() ? MissingNode.getInstance() : items.get(0).toJson();
            }
            case "last" -> {
                return items.isEmpty() ? MissingNode.getInstance() : items.get(items.size() - 1).toJson();
            }
            default -> {
                ArrayNode all = Json.MAPPER.createArrayNode();
                items.forEach(i -> all.add(i.toJson()));
                return all;
            }
        }
    }

    /** {@code $execution}. */
    public ObjectNode execution() {
        ObjectNode out = Json.object();
        out.put("id", run.executionId());
        out.put("mode", "cli");
        return out;
    }

    /** {@code $workflow}. */
    public ObjectNode workflow() {
        ObjectNode out = Json.object();
        out.put("id", run.workflowId());
        out.put("name", run.workflowName());
        out.put("active", false);
        return out;
    }

    /** {@code $now} as ISO-8601 text with offset. */
    public String now() {
        return run.startedAt().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** {@code $today}: midnight of the run's day, ISO-8601 text with offset. */
    public String today() {
        return run.startedAt().truncatedTo(ChronoUnit.DAYS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** {@code $env}, failing when access to the environment is off. */
    public Map<String, String> environment() {
        Map<String, String> env = run.environment();
        if (env == null) {
            throw new NodeExecutionException(ErrorCode.EXPRESSION_ERROR,
                    "$env is off: allow access to environment variables (--allow-env) to read them");
        }
        return env;
    }

    /** {@code $fromAI(key, description, type, default)}: the model's value for {@code key}, else the default. */
    public JsonNode fromAi(String key, JsonNode defaultValue) {
        if (fromAi == null) {
            throw new NodeExecutionException(ErrorCode.EXPRESSION_ERROR,
                    "$fromAI('" + key + "') can only be used in the parameters of a tool the agent calls");
        }
        JsonNode value = fromAi.get(key);
        return value == null || value.isNull() ? (defaultValue == null ? MissingNode.getInstance() : defaultValue) : value;
    }

    /**
     * The global bindings JavaScript sees: n8n's {@code $} variables. Data is passed as JSON nodes (the sandbox
     * copies only the names an expression mentions); {@code $('Node')}, {@code $input.first()} and
     * {@code $fromAI()} are functions.
     */
    public Map<String, Object> bindings() {
        Map<String, Object> b = new LinkedHashMap<>(16);
        b.put("$json", json());
        b.put("$input", accessor(input, item == null ? null : item.toJson()));
        b.put("$", (ScriptFunction) args -> {
            String name = args.length == 0 || args[0] == null ? "" : args[0].toString();
            return accessor(outputOf(name), orNull(pairedItemOf(name)));
        });
        b.put("$execution", execution());
        b.put("$workflow", workflow());
        // $now and $today are the sandbox's own DateTime values (a Luxon subset), richer than text.
        b.put("$itemIndex", itemIndex);
        b.put("$runIndex", 0);
        if (run.environment() != null) {
            b.put("$env", new LinkedHashMap<>(run.environment()));
        }
        ScriptFunction fromAiFunction = args -> {
            String key = args.length == 0 || args[0] == null ? "" : args[0].toString();
            JsonNode fallback = args.length > 3 ? Values.fromJava(args[3]) : null;
            JsonNode value = fromAi(key, fallback);
            return value.isMissingNode() ? null : value;
        };
        b.put("$fromAI", fromAiFunction);
        b.put("$fromAi", fromAiFunction);
        return b;
    }

    /** JavaScript's undefined crosses into the sandbox as null. */
    private static JsonNode orNull(JsonNode value) {
        return value == null || value.isMissingNode() ? null : value;
    }

    private static Map<String, Object> accessor(List<Item> items, JsonNode paired) {
        Map<String, Object> accessor = new LinkedHashMap<>(8);
        accessor.put("item", paired);
        accessor.put("first", (ScriptFunction) args -> orNull(pick(items, "first")));
        accessor.put("last", (ScriptFunction) args -> orNull(pick(items, "last")));
        accessor.put("all", (ScriptFunction) args -> pick(items, "all"));
        accessor.put("isExecuted", true);
        return accessor;
    }
}
