package io.clusternode.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.workflow.Item;
import io.clusternode.workflow.expression.Values;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.MainNode;
import io.clusternode.workflow.spi.NodeRun;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code n8n-nodes-base.if} v2.x: conditions on strings, numbers, booleans, dates, arrays and objects, joined
 * by {@code and} / {@code or}; items that pass go to output 0 ("true"), the others to output 1 ("false").
 */
final class IfNode implements MainNode {

    private final NodeSpec spec;

    IfNode(NodeSpec spec) {
        this.spec = spec;
    }

    static String unsupportedReason(NodeSpec node) {
        return node.typeVersion() < 2 ? "If typeVersion " + node.versionText()
                + " is not supported (open and re-save it as If 2.x)" : null;
    }

    @Override
    public List<List<Item>> execute(NodeRun run) {
        List<Item> yes = new ArrayList<>();
        List<Item> no = new ArrayList<>();
        for (int i = 0; i < run.input().size(); i++) {
            JsonNode conditions = run.parameter("conditions", i);
            boolean loose = Params.bool(run.parameter("looseTypeValidation", i), false)
                    || "loose".equals(conditions.path("options").path("typeValidation").asText("strict"));
            boolean caseSensitive = conditions.path("options").path("caseSensitive").asBoolean(true)
                    && !Params.bool(run.parameter("options.ignoreCase", i), false);
            boolean or = "or".equals(conditions.path("combinator").asText("and"));
            boolean result = !or;
            for (JsonNode condition : conditions.path("conditions")) {
                boolean passed = test(condition, caseSensitive, loose);
                result = or ? result || passed : result && passed;
            }
            Item item = run.input().get(i);
            (result ? yes : no).add(Item.derive(spec.name(), item.json(), item, i));
        }
        return List.of(yes, no);
    }

    private boolean test(JsonNode condition, boolean caseSensitive, boolean loose) {
        JsonNode operator = condition.path("operator");
        String type = operator.path("type").asText("string");
        String operation = operator.path("operation").asText("equals");
        JsonNode left = condition.get("leftValue");
        JsonNode right = condition.get("rightValue");
        switch (operation) {
            case "exists" -> {
                return !Values.isNullish(left);
            }
            case "notExists" -> {
                return Values.isNullish(left);
            }
            case "empty" -> {
                return empty(left);
            }
            case "notEmpty" -> {
                return !empty(left);
            }
            default -> {
            }
        }
        return switch (type) {
            case "string" -> string(text(left, loose, type), text(right, true, type), operation, caseSensitive);
            case "number" -> number(num(left, loose), num(right, true), operation);
            case "boolean" -> bool(left, right, operation, loose);
            case "dateTime" -> date(left, right, operation, loose);
            case "array" -> array(left, right, operation, caseSensitive, loose);
            default -> throw unsupported(type, operation);
        };
    }

    private static boolean empty(JsonNode value) {
        if (Values.isNullish(value)) {
            return true;
        }
        if (value.isTextual()) {
            return value.textValue().isEmpty();
        }
        return (value.isArray() || value.isObject()) && value.isEmpty();
    }

    private String text(JsonNode value, boolean loose, String type) {
        if (Values.isNullish(value)) {
            return "";
        }
        if (!value.isTextual() && !loose) {
            throw wrongType(value, type);
        }
        return Values.text(value);
    }

    private Double num(JsonNode value, boolean loose) {
        if (Values.isNullish(value) || value.isTextual() && value.textValue().isBlank()) {
            return null;
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (!loose) {
            throw wrongType(value, "number");
        }
        try {
            return Double.parseDouble(value.asText().strip());
        } catch (NumberFormatException e) {
            throw wrongType(value, "number");
        }
    }

    private boolean string(String left, String right, String operation, boolean caseSensitive) {
        String l = caseSensitive ? left : left.toLowerCase(Locale.ROOT);
        String r = caseSensitive ? right : right.toLowerCase(Locale.ROOT);
        return switch (operation) {
            case "equals" -> l.equals(r);
            case "notEquals" -> !l.equals(r);
            case "contains" -> l.contains(r);
            case "notContains" -> !l.contains(r);
            case "startsWith" -> l.startsWith(r);
            case "notStartsWith" -> !l.startsWith(r);
            case "endsWith" -> l.endsWith(r);
            case "notEndsWith" -> !l.endsWith(r);
            case "regex" -> regex(right).matcher(left).find();
            case "notRegex" -> !regex(right).matcher(left).find();
            default -> throw unsupported("string", operation);
        };
    }

    private Pattern regex(String source) {
        String body = source;
        int flags = 0;
        if (source.length() > 1 && source.startsWith("/") && source.lastIndexOf('/') > 0) {
            int end = source.lastIndexOf('/');
            body = source.substring(1, end);
            if (source.substring(end + 1).contains("i")) {
                flags |= Pattern.CASE_INSENSITIVE;
            }
        }
        try {
            return Pattern.compile(body, flags);
        } catch (RuntimeException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name()
                    + "': the regular expression of a condition is not valid");
        }
    }

    private boolean number(Double l, Double r, String operation) {
        if (l == null || r == null) {
            return switch (operation) {
                case "equals" -> java.util.Objects.equals(l, r);
                case "notEquals" -> !java.util.Objects.equals(l, r);
                default -> false;
            };
        }
        return switch (operation) {
            case "equals" -> l.doubleValue() == r.doubleValue();
            case "notEquals" -> l.doubleValue() != r.doubleValue();
            case "gt" -> l > r;
            case "lt" -> l < r;
            case "gte" -> l >= r;
            case "lte" -> l <= r;
            default -> throw unsupported("number", operation);
        };
    }

    private boolean bool(JsonNode left, JsonNode right, String operation, boolean loose) {
        Boolean l = toBool(left, loose);
        return switch (operation) {
            case "true" -> Boolean.TRUE.equals(l);
            case "false" -> Boolean.FALSE.equals(l);
            case "equals" -> l != null && l.equals(toBool(right, true));
            case "notEquals" -> l == null || !l.equals(toBool(right, true));
            default -> throw unsupported("boolean", operation);
        };
    }

    private Boolean toBool(JsonNode value, boolean loose) {
        if (Values.isNullish(value)) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (!loose) {
            throw wrongType(value, "boolean");
        }
        String text = value.asText().strip().toLowerCase(Locale.ROOT);
        return text.equals("true") || text.equals("1") || text.equals("yes");
    }

    private boolean date(JsonNode left, JsonNode right, String operation, boolean loose) {
        if (Values.isNullish(left) || Values.isNullish(right)) {
            // an absent date compares as nothing: only (not) equal to another absent one
            boolean bothAbsent = Values.isNullish(left) && Values.isNullish(right);
            return operation.equals("equals") ? bothAbsent : operation.equals("notEquals") && !bothAbsent;
        }
        long l = epochMillis(left);
        long r = epochMillis(right);
        return switch (operation) {
            case "equals" -> l == r;
            case "notEquals" -> l != r;
            case "after" -> l > r;
            case "before" -> l < r;
            case "afterOrEquals" -> l >= r;
            case "beforeOrEquals" -> l <= r;
            default -> throw unsupported("dateTime", operation);
        };
    }

    private long epochMillis(JsonNode value) {
        if (value != null && value.isNumber()) {
            return value.longValue();
        }
        String text = Values.text(value).strip();
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                try {
                    return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
                } catch (DateTimeParseException e3) {
                    throw wrongType(value, "dateTime");
                }
            }
        }
    }

    private boolean array(JsonNode left, JsonNode right, String operation, boolean caseSensitive, boolean loose) {
        if (Values.isNullish(left) || !left.isArray()) {
            throw wrongType(left, "array");
        }
        int size = left.size();
        return switch (operation) {
            case "contains", "notContains" -> {
                boolean found = false;
                for (JsonNode element : left) {
                    String a = Values.text(element);
                    String b = Values.text(right);
                    found |= caseSensitive ? a.equals(b) : a.equalsIgnoreCase(b);
                }
                yield operation.equals("contains") == found;
            }
            case "lengthEquals" -> size == num(right, true);
            case "lengthNotEquals" -> size != num(right, true);
            case "lengthGt" -> size > num(right, true);
            case "lengthLt" -> size < num(right, true);
            case "lengthGte" -> size >= num(right, true);
            case "lengthLte" -> size <= num(right, true);
            default -> throw unsupported("array", operation);
        };
    }

    private NodeExecutionException wrongType(JsonNode value, String expected) {
        String actual = Values.isNullish(value) ? "empty" : value.isTextual() ? "a string" : value.isNumber() ? "a number"
                : value.isBoolean() ? "a boolean" : value.isArray() ? "an array" : "an object";
        return new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name() + "': a condition's value is "
                + actual + " but the operator expects " + expected + " (turn on 'Convert types where required' for loose"
                + " type validation)");
    }

    private NodeExecutionException unsupported(String type, String operation) {
        return new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name() + "': the condition operator "
                + type + "." + operation + " is not supported");
    }
}
