package io.clusternode.core.tool;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates tool arguments against the subset of JSON Schema that tool definitions use: {@code type}
 * (a name or a list of names), {@code properties}, {@code required}, {@code additionalProperties: false},
 * {@code enum}, {@code items}, {@code minimum}/{@code maximum}, {@code minLength}/{@code maxLength}.
 * Other keywords are ignored. The schema is walked as given, with no compilation step: tool schemas are
 * a handful of nodes, and validation runs once per tool call on the agent's hot path, where a full
 * JSON-schema library's setup and allocation would cost more than the walk.
 *
 * <p>Errors are phrased for a model to read and correct its call, e.g.
 * {@code argument 'expression' is required}.
 */
public final class JsonSchemaValidator {

    private final JsonNode schema;

    private JsonSchemaValidator(JsonNode schema) {
        this.schema = schema;
    }

    public static JsonSchemaValidator of(JsonNode schema) {
        return new JsonSchemaValidator(schema);
    }

    /**
     * Parses a tool call's JSON arguments and checks them against this schema: the one path by which both the
     * agent loop and the executor hand arguments to {@link io.clusternode.core.spi.ToolProvider#execute}.
     *
     * @throws NodeExecutionException {@code INVALID_JSON} for malformed JSON, {@code TOOL_ERROR} listing every
     *         violation for arguments that do not match
     */
    public JsonNode parseArguments(String toolName, String argumentsJson) {
        JsonNode arguments = Json.parse(argumentsJson, "the arguments of tool '" + toolName + "'");
        List<String> violations = validate(arguments);
        if (!violations.isEmpty()) {
            throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "invalid arguments for tool '" + toolName + "': "
                    + String.join("; ", violations));
        }
        return arguments;
    }

    /** All violations, empty when the value is valid. */
    public List<String> validate(JsonNode value) {
        List<String> errors = new ArrayList<>(0);
        check(schema, value, "", errors);
        return errors;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        JsonNode type = schema.get("type");
        if (type != null && !matchesType(type, value)) {
            errors.add(describe(path) + " must be " + typeNames(type) + ", was " + kindOf(value));
            return;
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null && allowed.isArray()) {
            boolean found = false;
            for (JsonNode option : allowed) {
                if (option.equals(value)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                errors.add(describe(path) + " must be one of " + allowed + ", was " + value);
            }
        }
        if (value.isObject()) {
            checkObject(schema, value, path, errors);
        } else if (value.isArray()) {
            JsonNode items = schema.get("items");
            if (items != null) {
                for (int i = 0; i < value.size(); i++) {
                    check(items, value.get(i), path + "[" + i + "]", errors);
                }
            }
        } else if (value.isNumber()) {
            JsonNode minimum = schema.get("minimum");
            if (minimum != null && value.asDouble() < minimum.asDouble()) {
                errors.add(describe(path) + " must be at least " + minimum + ", was " + value);
            }
            JsonNode maximum = schema.get("maximum");
            if (maximum != null && value.asDouble() > maximum.asDouble()) {
                errors.add(describe(path) + " must be at most " + maximum + ", was " + value);
            }
        } else if (value.isTextual()) {
            int length = value.textValue().codePointCount(0, value.textValue().length());
            JsonNode minLength = schema.get("minLength");
            if (minLength != null && length < minLength.asInt()) {
                errors.add(describe(path) + " must have at least " + minLength + " characters");
            }
            JsonNode maxLength = schema.get("maxLength");
            if (maxLength != null && length > maxLength.asInt()) {
                errors.add(describe(path) + " must have at most " + maxLength + " characters");
            }
        }
    }

    private static void checkObject(JsonNode schema, JsonNode value, String path, List<String> errors) {
        JsonNode required = schema.get("required");
        if (required != null) {
            for (JsonNode name : required) {
                JsonNode present = value.get(name.asText());
                if (present == null) {
                    errors.add(describe(child(path, name.asText())) + " is required");
                }
            }
        }
        JsonNode properties = schema.get("properties");
        boolean closed = schema.path("additionalProperties").isBoolean()
                && !schema.get("additionalProperties").booleanValue();
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            JsonNode propertySchema = properties == null ? null : properties.get(field.getKey());
            if (propertySchema != null) {
                check(propertySchema, field.getValue(), child(path, field.getKey()), errors);
            } else if (closed) {
                errors.add(describe(child(path, field.getKey())) + " is not allowed");
            }
        }
    }

    private static boolean matchesType(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode option : type) {
                if (matchesType(option.asText(), value)) {
                    return true;
                }
            }
            return false;
        }
        return matchesType(type.asText(), value);
    }

    private static boolean matchesType(String type, JsonNode value) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber()
                    || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> true;
        };
    }

    private static String typeNames(JsonNode type) {
        if (!type.isArray()) {
            return article(type.asText());
        }
        List<String> names = new ArrayList<>();
        type.forEach(t -> names.add(article(t.asText())));
        return String.join(" or ", names);
    }

    private static String article(String type) {
        return switch (type) {
            case "object", "array", "integer" -> "an " + type;
            case "null" -> "null";
            default -> "a " + type;
        };
    }

    private static String kindOf(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        return "null";
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String describe(String path) {
        return path.isEmpty() ? "the arguments" : "argument '" + path + "'";
    }
}
