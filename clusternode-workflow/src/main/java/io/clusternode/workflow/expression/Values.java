package io.clusternode.workflow.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.clusternode.core.json.Json;
import java.math.BigDecimal;

/** Conversions between JSON values, Java values and the text JavaScript would print. */
public final class Values {

    private Values() {
    }

    /** Whether the value is JavaScript's null or undefined. */
    public static boolean isNullish(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    /** The value as a template prints it: strings as they are, numbers as JavaScript prints them, objects as JSON. */
    public static String text(JsonNode value) {
        if (isNullish(value)) {
            return "";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return number(value.doubleValue(), value);
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "true" : "false";
        }
        return Json.write(value);
    }

    private static String number(double d, JsonNode value) {
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** A JSON value as plain Java values (maps, lists, strings, numbers, booleans, null). */
    public static Object toJava(JsonNode value) {
        if (isNullish(value)) {
            return null;
        }
        return Json.MAPPER.convertValue(value, Object.class);
    }

    /**
     * A Java value (as JavaScript returns it) as JSON; null is an absent value (JavaScript's undefined).
     * Integral numbers become the smallest integer node that holds them, so results compare equal to parsed JSON.
     */
    public static JsonNode fromJava(Object value) {
        if (value == null) {
            return MissingNode.getInstance();
        }
        return toNode(value);
    }

    private static JsonNode toNode(Object value) {
        var factory = Json.MAPPER.getNodeFactory();
        if (value == null) {
            return factory.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String text) {
            return factory.textNode(text);
        }
        if (value instanceof Boolean b) {
            return factory.booleanNode(b);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.007199254740992E15) {
                return integral((long) d);
            }
            return factory.numberNode(d);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return integral(((Number) value).longValue());
        }
        if (value instanceof java.util.Map<?, ?> map) {
            var object = factory.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), toNode(v)));
            return object;
        }
        if (value instanceof java.util.List<?> list) {
            var array = factory.arrayNode(list.size());
            list.forEach(v -> array.add(toNode(v)));
            return array;
        }
        return Json.MAPPER.valueToTree(value);
    }

    private static JsonNode integral(long l) {
        var factory = Json.MAPPER.getNodeFactory();
        return l == (int) l ? factory.numberNode((int) l) : factory.numberNode(l);
    }
}
