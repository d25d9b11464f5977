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

    /** A Java value (as JavaScript returns it) as JSON; null stays JSON null, an absent value is missing. */
    public static JsonNode fromJava(Object value) {
        if (value == null) {
            return MissingNode.getInstance();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.007199254740992E15) {
            long l = d.longValue();
            return l == (int) l ? Json.MAPPER.getNodeFactory().numberNode((int) l) : Json.MAPPER.getNodeFactory().numberNode(l);
        }
        return Json.MAPPER.valueToTree(value);
    }
}
