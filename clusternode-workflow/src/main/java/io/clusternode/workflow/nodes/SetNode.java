package io.clusternode.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.workflow.Item;
import io.clusternode.workflow.expression.Values;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.MainNode;
import io.clusternode.workflow.spi.NodeRun;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code n8n-nodes-base.set} ("Edit Fields") v3.x: manual assignments (3.3+ {@code assignments}, 3.0-3.2
 * {@code fields.values}) converted to their types, or raw JSON ({@code mode: raw}); with
 * {@code includeOtherFields} the input's fields are kept (all, selected or all except some).
 */
final class SetNode implements MainNode {

    private final NodeSpec spec;

    SetNode(NodeSpec spec) {
        this.spec = spec;
    }

    static String unsupportedReason(NodeSpec node) {
        return node.typeVersion() < 3 ? "Set typeVersion " + node.versionText()
                + " is not supported (open and re-save it as Edit Fields 3.x)" : null;
    }

    @Override
    public List<List<Item>> execute(NodeRun run) {
        List<Item> out = new ArrayList<>(run.input().size());
        for (int i = 0; i < run.input().size(); i++) {
            Item item = run.input().get(i);
            ObjectNode json = Json.object();
            if (Params.bool(run.parameter("includeOtherFields", i), false)) {
                keepFields(run, i, item.json(), json);
            }
            boolean dotNotation = Params.bool(run.parameter("options.dotNotation", i), true);
            boolean lenient = Params.bool(run.parameter("options.ignoreConversionErrors", i), false);
            if ("raw".equals(Params.text(run.parameter("mode", i), "manual"))) {
                JsonNode raw = run.parameter("jsonOutput", i);
                JsonNode parsed = raw.isTextual() ? Json.parse(raw.textValue(), "node '" + spec.name() + "' JSON output") : raw;
                if (!parsed.isObject()) {
                    throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name()
                            + "': the JSON output must be an object");
                }
                json.setAll((ObjectNode) parsed);
            } else if (spec.typeVersion() >= 3.3 || spec.parameter("assignments").isObject()) {
                for (JsonNode a : run.parameter("assignments.assignments", i)) {
                    put(json, a.path("name").asText(), convert(a.path("value"), a.path("type").asText("string"),
                            a.path("name").asText(), lenient), dotNotation);
                }
            } else {
                for (JsonNode f : run.parameter("fields.values", i)) {
                    String type = f.path("type").asText("stringValue");
                    put(json, f.path("name").asText(), convert(f.path(type), type.replace("Value", ""),
                            f.path("name").asText(), lenient), dotNotation);
                }
            }
            out.add(Item.derive(spec.name(), json, item, i));
        }
        return List.of(out);
    }

    private void keepFields(NodeRun run, int i, ObjectNode input, ObjectNode json) {
        String include = Params.text(run.parameter("include", i), "all");
        Set<String> listed = new HashSet<>();
        String names = Params.text(run.parameter(include.equals("except") ? "excludeFields" : "includeFields", i), "");
        for (String name : names.split(",")) {
            if (!name.isBlank()) {
                listed.add(name.strip());
            }
        }
        input.fields().forEachRemaining(f -> {
            boolean keep = switch (include) {
                case "selected" -> listed.contains(f.getKey());
                case "except" -> !listed.contains(f.getKey());
                case "none" -> false;
                default -> true;
            };
            if (keep) {
                json.set(f.getKey(), f.getValue());
            }
        });
    }

    private static void put(ObjectNode json, String name, JsonNode value, boolean dotNotation) {
        if (!dotNotation || !name.contains(".")) {
            json.set(name, value);
            return;
        }
        String[] parts = name.split("\\.");
        ObjectNode current = json;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = current.get(parts[i]);
            if (next == null || !next.isObject()) {
                next = current.putObject(parts[i]);
            }
            current = (ObjectNode) next;
        }
        current.set(parts[parts.length - 1], value);
    }

    private JsonNode convert(JsonNode value, String type, String field, boolean lenient) {
        if (Values.isNullish(value)) {
            return Json.MAPPER.nullNode();
        }
        try {
            return switch (type) {
                case "number" -> {
                    if (value.isNumber()) {
                        yield value;
                    }
                    String text = value.asText().strip();
                    double d = Double.parseDouble(text);
                    yield Values.fromJava(d);
                }
                case "boolean" -> {
                    if (value.isBoolean()) {
                        yield value;
                    }
                    String text = value.asText().strip().toLowerCase(java.util.Locale.ROOT);
                    if (!text.equals("true") && !text.equals("false") && !text.equals("1") && !text.equals("0")) {
                        throw new IllegalArgumentException();
                    }
                    yield Json.MAPPER.getNodeFactory().booleanNode(text.equals("true") || text.equals("1"));
                }
                case "array", "object", "json" -> {
                    JsonNode parsed = value.isTextual() ? Json.parse(value.textValue(), "field '" + field + "'") : value;
                    if (type.equals("array") ? !parsed.isArray() : type.equals("object") && !parsed.isObject()) {
                        throw new IllegalArgumentException();
                    }
                    yield parsed;
                }
                default -> value.isTextual() ? value : TextNode.valueOf(Values.text(value));
            };
        } catch (RuntimeException e) {
            if (lenient) {
                return value;
            }
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name() + "': field '" + field
                    + "' expects " + (type.startsWith("a") || type.startsWith("o") ? "an " : "a ") + type
                    + " but the value is not one (turn on 'Ignore Type Conversion Errors' to keep it as it is)");
        }
    }
}
