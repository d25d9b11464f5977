package io.clusternode.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.workflow.expression.Values;
import io.clusternode.workflow.model.NodeSpec;

/** Reading resolved parameter values with n8n's defaults. */
final class Params {

    private Params() {
    }

    static String text(JsonNode value, String fallback) {
        return Values.isNullish(value) ? fallback : Values.text(value);
    }

    static boolean bool(JsonNode value, boolean fallback) {
        if (Values.isNullish(value)) {
            return fallback;
        }
        return value.isBoolean() ? value.booleanValue() : Boolean.parseBoolean(value.asText());
    }

    /** A number parameter; null when absent. */
    static Double number(JsonNode value, NodeSpec node, String name) {
        if (Values.isNullish(value) || value.isTextual() && value.textValue().isBlank()) {
            return null;
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        try {
            return Double.parseDouble(value.asText().strip());
        } catch (NumberFormatException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + node.name() + "': parameter '" + name
                    + "' must be a number");
        }
    }

    static int integer(JsonNode value, NodeSpec node, String name, int fallback) {
        Double d = number(value, node, name);
        return d == null ? fallback : (int) Math.round(d);
    }

    /** A string or a resource locator ({@code {"__rl": true, "value": ...}}): its value. */
    static String locatorValue(JsonNode value) {
        if (value != null && value.isObject()) {
            return text(value.get("value"), null);
        }
        return text(value, null);
    }

    /** The tool name n8n derives from a node name: runs of other characters than [a-zA-Z0-9_-] become '_'. */
    static String toolName(String nodeName) {
        String name = nodeName.replaceAll("[^a-zA-Z0-9_-]+", "_");
        return name.length() <= 64 ? name : name.substring(0, 64);
    }
}
