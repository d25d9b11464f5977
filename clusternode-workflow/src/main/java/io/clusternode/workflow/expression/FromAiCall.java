package io.clusternode.workflow.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code $fromAI(key, description?, type?, default?)} call found in a tool's parameters: the value the
 * model supplies. All calls of a tool node form the tool's argument schema.
 *
 * @param key          the argument name ({@code [a-zA-Z0-9_-]{1,64}})
 * @param description  what the model is told about it; empty when not given
 * @param type         {@code string} (default), {@code number}, {@code boolean} or {@code json}
 * @param defaultValue used when the model leaves it out; null when none
 */
public record FromAiCall(String key, String description, String type, JsonNode defaultValue) {

    private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    /** Every {@code $fromAI(...)} call with literal arguments in {@code text}, in order of appearance. */
    public static List<FromAiCall> findAll(String text) {
        List<FromAiCall> calls = new ArrayList<>();
        int from = 0;
        while (true) {
            int at = indexOfCall(text, from);
            if (at < 0) {
                return calls;
            }
            Scan scan = new Scan(text, text.indexOf('(', at) + 1);
            FromAiCall call = scan.call();
            if (call != null) {
                calls.add(call);
            }
            from = Math.max(scan.pos, at + 1);
        }
    }

    /**
     * Adds to a tool's argument schema every {@code $fromAI} call written in any string inside {@code values}
     * (texts, and texts in arrays and objects): each new key's property, and the key to {@code required} when
     * the call gives no default. A key already in {@code properties} keeps its first definition.
     *
     * @throws NodeExecutionException {@code INVALID_INPUT} naming the node when a key is not a valid name
     */
    public static void addToSchema(String nodeName, List<JsonNode> values, ObjectNode properties,
                                   ArrayNode required) {
        List<String> texts = new ArrayList<>();
        values.forEach(value -> strings(value, texts));
        for (String text : texts) {
            for (FromAiCall call : findAll(text)) {
                if (!call.validKey()) {
                    throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + nodeName + "': $fromAI key '"
                            + call.key() + "' must be 1-64 letters, digits, '_' or '-'");
                }
                if (!properties.has(call.key())) {
                    properties.set(call.key(), call.schema());
                    if (call.defaultValue() == null) {
                        required.add(call.key());
                    }
                }
            }
        }
    }

    private static void strings(JsonNode value, List<String> out) {
        if (value == null) {
            return;
        }
        if (value.isTextual()) {
            out.add(value.textValue());
        }
        value.forEach(child -> strings(child, out));
    }

    /** The call when {@code expression} (a block's content) is exactly one $fromAI call, else null. */
    static FromAiCall whole(String expression) {
        String text = stripComments(expression).strip();
        if (indexOfCall(text, 0) != 0) {
            return null;
        }
        Scan scan = new Scan(text, text.indexOf('(') + 1);
        FromAiCall call = scan.call();
        return call != null && scan.pos == text.length() ? call : null;
    }

    /** Whether the key is a valid argument name. */
    public boolean validKey() {
        return KEY.matcher(key).matches();
    }

    /** The JSON-schema property for this argument. */
    public ObjectNode schema() {
        var property = Json.object();
        switch (type) {
            case "number" -> property.put("type", "number");
            case "boolean" -> property.put("type", "boolean");
            case "json" -> property.put("type", "object");
            default -> property.put("type", "string");
        }
        if (!description.isEmpty()) {
            property.put("description", description);
        }
        return property;
    }

    private static int indexOfCall(String text, int from) {
        int at = from;
        while (true) {
            int a = text.indexOf("$fromAI", at);
            int b = text.indexOf("$fromAi", at);
            int i = a < 0 ? b : b < 0 ? a : Math.min(a, b);
            if (i < 0) {
                return -1;
            }
            int p = i + "$fromAI".length();
            while (p < text.length() && Character.isWhitespace(text.charAt(p))) {
                p++;
            }
            if (p < text.length() && text.charAt(p) == '(') {
                return i;
            }
            at = i + 1;
        }
    }

    static String stripComments(String text) {
        return text.replaceAll("(?s)/\\*.*?\\*/", " ");
    }

    /** Reads literal arguments: strings in any quotes (template literals without ${}), numbers, booleans, null. */
    private static final class Scan extends Cursor {

        Scan(String s, int pos) {
            super(s, pos);
        }

        FromAiCall call() {
            List<JsonNode> args = new ArrayList<>(4);
            skipSpaces();
            if (take(')')) {
                return null;
            }
            while (true) {
                skipSpaces();
                JsonNode arg = literal();
                if (arg == null) {
                    return null;
                }
                args.add(arg);
                skipSpaces();
                if (take(')')) {
                    break;
                }
                if (!take(',')) {
                    return null;
                }
            }
            if (!args.get(0).isTextual()) {
                return null;
            }
            String description = args.size() > 1 && args.get(1).isTextual() ? args.get(1).textValue() : "";
            String type = args.size() > 2 && args.get(2).isTextual() ? args.get(2).textValue() : "string";
            JsonNode fallback = args.size() > 3 ? args.get(3) : null;
            return new FromAiCall(args.get(0).textValue(), description, type, fallback);
        }

        private JsonNode literal() {
            if (pos >= s.length()) {
                return null;
            }
            char c = s.charAt(pos);
            if (c == '\'' || c == '"' || c == '`') {
                StringBuilder out = new StringBuilder();
                int i = pos + 1;
                while (i < s.length()) {
                    char d = s.charAt(i);
                    if (d == '\\' && i + 1 < s.length()) {
                        char e = s.charAt(i + 1);
                        out.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> e;
                        });
                        i += 2;
                    } else if (d == c) {
                        pos = i + 1;
                        return TextNode.valueOf(out.toString());
                    } else if (c == '`' && d == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                        return null;
                    } else {
                        out.append(d);
                        i++;
                    }
                }
                return null;
            }
            int start = pos;
            while (pos < s.length() && ",) \t\r\n".indexOf(s.charAt(pos)) < 0) {
                pos++;
            }
            String word = s.substring(start, pos);
            switch (word) {
                case "true" -> {
                    return BooleanNode.TRUE;
                }
                case "false" -> {
                    return BooleanNode.FALSE;
                }
                case "null", "undefined" -> {
                    return NullNode.getInstance();
                }
                default -> {
                    try {
                        return Json.MAPPER.getNodeFactory().numberNode(new java.math.BigDecimal(word));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
            }
        }
    }
}
