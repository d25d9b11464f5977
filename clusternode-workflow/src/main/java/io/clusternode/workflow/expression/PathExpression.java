package io.clusternode.workflow.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A plain property path, resolved without JavaScript: {@code $json.a.b}, {@code $json["a b"][0]},
 * {@code $('Node').item.json.x}, {@code $('Node').first().json}, {@code $input.last().json},
 * {@code $node["Node"].json.x}, {@code $execution.id}, {@code $workflow.name}, {@code $now}, {@code $env.X},
 * with optional chaining ({@code ?.}). Anything else (calls, operators, literals) is not a plain path and
 * {@link #parse} returns null for it.
 */
final class PathExpression {

    private enum Root { JSON, INPUT, NODE, NODE_ITEM, EXECUTION, WORKFLOW, NOW, TODAY, ENV, ITEM_INDEX, RUN_INDEX }

    /** One step: a property name or array index; {@code optional} for {@code ?.}. */
    private record Step(String name, int index, boolean optional) {
        boolean isIndex() {
            return name == null;
        }
    }

    private static final Set<String> ACCESSOR_STEPS = Set.of("item", "first()", "last()", "all()", "params", "isExecuted");

    private final String source;
    private final Root root;
    private final String nodeName;
    /** For $input / $('X'): item, first(), last(), all(), params or isExecuted. */
    private final String accessor;
    private final Step[] steps;

    private PathExpression(String source, Root root, String nodeName, String accessor, Step[] steps) {
        this.source = source;
        this.root = root;
        this.nodeName = nodeName;
        this.accessor = accessor;
        this.steps = steps;
    }

    /** The path, or null when {@code text} is not a plain path. */
    static PathExpression parse(String text) {
        Parser p = new Parser(text.strip());
        try {
            return p.parse();
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    JsonNode evaluate(ExpressionScope scope) {
        JsonNode value;
        switch (root) {
            case JSON -> value = scope.json();
            case INPUT, NODE -> {
                var items = root == Root.INPUT ? scope.input() : scope.outputOf(nodeName);
                value = switch (accessor) {
                    case "item" -> root == Root.INPUT
                            ? (scope.item() == null ? MissingNode.getInstance() : scope.item().toJson())
                            : scope.pairedItemOf(nodeName);
                    case "first()" -> ExpressionScope.pick(items, "first");
                    case "last()" -> ExpressionScope.pick(items, "last");
                    case "all()" -> ExpressionScope.pick(items, "all");
                    case "params" -> root == Root.NODE ? scope.run().parametersOf(nodeName) : MissingNode.getInstance();
                    default -> BooleanNode.TRUE;
                };
            }
            case NODE_ITEM -> value = scope.pairedItemOf(nodeName);
            case EXECUTION -> value = scope.execution();
            case WORKFLOW -> value = scope.workflow();
            case NOW -> value = TextNode.valueOf(scope.now());
            case TODAY -> value = TextNode.valueOf(scope.today());
            case ENV -> value = Json.MAPPER.valueToTree(scope.environment());
            case ITEM_INDEX -> value = IntNode.valueOf(scope.itemIndex());
            default -> value = IntNode.valueOf(0);
        }
        for (int i = 0; i < steps.length; i++) {
            Step step = steps[i];
            if (Values.isNullish(value)) {
                if (step.optional()) {
                    return MissingNode.getInstance();
                }
                throw new NodeExecutionException(ErrorCode.EXPRESSION_ERROR, "cannot read property '"
                        + (step.isIndex() ? Integer.toString(step.index()) : step.name()) + "' of "
                        + (value == null || value.isMissingNode() ? "undefined" : "null") + " (" + pathBefore(i)
                        + ") in {{ " + source + " }}");
            }
            value = apply(value, step);
        }
        return value;
    }

    /** The path up to (not including) step {@code end}, for messages. */
    private String pathBefore(int end) {
        StringBuilder out = new StringBuilder(rootText());
        for (int i = 0; i < end; i++) {
            out.append(steps[i].isIndex() ? "[" + steps[i].index() + "]" : "." + steps[i].name());
        }
        return out.toString();
    }

    private String rootText() {
        return switch (root) {
            case NODE, NODE_ITEM -> "$('" + nodeName + "')" + (accessor == null ? "" : "." + accessor);
            case INPUT -> "$input." + accessor;
            default -> "$" + root.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static JsonNode apply(JsonNode value, Step step) {
        if (step.isIndex()) {
            if (value.isArray()) {
                return value.path(step.index());
            }
            if (value.isTextual()) {
                String s = value.textValue();
                return step.index() < s.length() ? TextNode.valueOf(String.valueOf(s.charAt(step.index())))
                        : MissingNode.getInstance();
            }
            return value.path(Integer.toString(step.index()));
        }
        if ("length".equals(step.name())) {
            if (value.isArray()) {
                return IntNode.valueOf(value.size());
            }
            if (value.isTextual()) {
                return IntNode.valueOf(value.textValue().length());
            }
        }
        if (value.isArray() && isDigits(step.name())) {
            return value.path(Integer.parseInt(step.name()));
        }
        return value.isObject() ? value.path(step.name()) : MissingNode.getInstance();
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A hand-written scanner: the grammar is tiny and must not allocate more than the path itself. */
    private static final class Parser extends Cursor {

        Parser(String s) {
            super(s, 0);
        }

        PathExpression parse() {
            if (s.isEmpty() || s.charAt(0) != '$') {
                return null;
            }
            Root root;
            String nodeName = null;
            String accessor = null;
            if (s.startsWith("$(")) {
                pos = 2;
                skipSpaces();
                nodeName = string();
                skipSpaces();
                if (nodeName == null || !take(')')) {
                    return null;
                }
                root = Root.NODE;
            } else {
                String name = identifier();
                switch (name) {
                    case "$json" -> root = Root.JSON;
                    case "$input" -> root = Root.INPUT;
                    case "$execution" -> root = Root.EXECUTION;
                    case "$workflow" -> root = Root.WORKFLOW;
                    case "$now" -> root = Root.NOW;
                    case "$today" -> root = Root.TODAY;
                    case "$env" -> root = Root.ENV;
                    case "$itemIndex" -> root = Root.ITEM_INDEX;
                    case "$runIndex" -> root = Root.RUN_INDEX;
                    case "$node" -> {
                        if (take('[')) {
                            skipSpaces();
                            nodeName = string();
                            skipSpaces();
                            if (nodeName == null || !take(']')) {
                                return null;
                            }
                        } else if (take('.')) {
                            nodeName = identifier();
                            if (nodeName.isEmpty()) {
                                return null;
                            }
                        } else {
                            return null;
                        }
                        root = Root.NODE_ITEM;
                    }
                    default -> {
                        return null;
                    }
                }
            }
            List<Step> steps = new ArrayList<>(4);
            while (true) {
                skipSpaces();
                if (pos >= s.length()) {
                    break;
                }
                boolean optional = false;
                if (s.startsWith("?.", pos)) {
                    optional = true;
                    pos += 2;
                    if (pos < s.length() && s.charAt(pos) == '[') {
                        Step step = bracket(true);
                        if (step == null) {
                            return null;
                        }
                        steps.add(step);
                        continue;
                    }
                } else if (take('.')) {
                    // a property name follows
                } else if (pos < s.length() && s.charAt(pos) == '[') {
                    Step step = bracket(false);
                    if (step == null) {
                        return null;
                    }
                    steps.add(step);
                    continue;
                } else {
                    return null;
                }
                skipSpaces();
                String name = identifier();
                if (name.isEmpty()) {
                    return null;
                }
                if (s.startsWith("()", pos)) {
                    pos += 2;
                    name = name + "()";
                }
                steps.add(new Step(name, -1, optional));
            }
            if (root == Root.NODE || root == Root.INPUT) {
                if (steps.isEmpty() || !ACCESSOR_STEPS.contains(steps.get(0).name())) {
                    return null;
                }
                accessor = steps.remove(0).name();
            }
            for (Step step : steps) {
                if (step.name() != null && step.name().endsWith("()")) {
                    return null;
                }
            }
            return new PathExpression(s, root, nodeName, accessor, steps.toArray(Step[]::new));
        }

        private Step bracket(boolean optional) {
            pos++; // [
            skipSpaces();
            Step step;
            String key = string();
            if (key != null) {
                step = new Step(key, -1, optional);
            } else {
                int start = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                if (start == pos || pos - start > 9) {
                    return null;
                }
                step = new Step(null, Integer.parseInt(s.substring(start, pos)), optional);
            }
            skipSpaces();
            return take(']') ? step : null;
        }

        private String identifier() {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                    pos++;
                } else {
                    break;
                }
            }
            return s.substring(start, pos);
        }

        /** A '...' or "..." literal with simple escapes, or null (position unchanged) when none starts here. */
        private String string() {
            if (pos >= s.length() || (s.charAt(pos) != '\'' && s.charAt(pos) != '"')) {
                return null;
            }
            char quote = s.charAt(pos);
            StringBuilder out = new StringBuilder();
            int i = pos + 1;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    char next = s.charAt(i + 1);
                    if (next != '\\' && next != '\'' && next != '"') {
                        return null;
                    }
                    out.append(next);
                    i += 2;
                } else if (c == quote) {
                    pos = i + 1;
                    return out.toString();
                } else {
                    out.append(c);
                    i++;
                }
            }
            return null;
        }
    }
}
