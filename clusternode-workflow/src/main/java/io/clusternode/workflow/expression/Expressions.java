package io.clusternode.workflow.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Resolves node parameters: a string starting with {@code =} is a {@link Template}; anything else is taken as
 * written. Templates are compiled once and cached, so a plain path costs a map look-up and a walk over the
 * item. Thread-safe; one instance per loaded workflow.
 */
public final class Expressions {

    private final Map<String, Template> cache = new ConcurrentHashMap<>();
    private final Supplier<JavaScript> javaScript;

    /** Expressions whose JavaScript blocks go to {@link JavaScript#shared()}, looked up on first need. */
    public Expressions() {
        this(JavaScript::shared);
    }

    /** Expressions whose JavaScript blocks go to {@code javaScript} (called only when a block needs it). */
    public Expressions(Supplier<JavaScript> javaScript) {
        this.javaScript = Objects.requireNonNull(javaScript, "javaScript");
    }

    /** Whether a parameter value is an expression (a string starting with {@code =}). */
    public static boolean isExpression(JsonNode value) {
        return value != null && value.isTextual() && value.textValue().startsWith("=");
    }

    /** The compiled template of an expression string (with its leading {@code =}). */
    public Template template(String expression) {
        Template template = cache.get(expression);
        if (template == null) {
            String body = expression.startsWith("=") ? expression.substring(1) : expression;
            template = cache.computeIfAbsent(expression, e -> Template.compile(body, javaScript));
        }
        return template;
    }

    /** The JavaScript engine, for Code nodes and Code tools. */
    public JavaScript javaScript() {
        return javaScript.get();
    }

    /**
     * A parameter value with every expression in it evaluated (objects and arrays deeply).
     *
     * @param where names the parameter in error messages, e.g. {@code node 'AI Agent', parameter 'text'}
     * @throws NodeExecutionException with {@code EXPRESSION_ERROR} naming {@code where} when an expression fails
     */
    public JsonNode resolve(JsonNode value, ExpressionScope scope, String where) {
        if (value == null || value.isMissingNode()) {
            return value;
        }
        if (value.isTextual()) {
            if (!value.textValue().startsWith("=")) {
                return value;
            }
            Template template = template(value.textValue());
            try {
                return template.evaluate(scope);
            } catch (NodeExecutionException e) {
                throw new NodeExecutionException(ErrorCode.EXPRESSION_ERROR, where + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new NodeExecutionException(ErrorCode.EXPRESSION_ERROR, where + ": the expression {{"
                        + abbreviate(template.source()) + "}} failed: " + e, e);
            }
        }
        if (value.isObject()) {
            ObjectNode out = null;
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode resolved = resolve(field.getValue(), scope, where);
                if (resolved != field.getValue()) {
                    if (out == null) {
                        out = ((ObjectNode) value).deepCopy();
                    }
                    out.set(field.getKey(), resolved.isMissingNode() ? null : resolved);
                }
            }
            return out == null ? value : out;
        }
        if (value.isArray()) {
            ArrayNode out = null;
            for (int i = 0; i < value.size(); i++) {
                JsonNode resolved = resolve(value.get(i), scope, where);
                if (resolved != value.get(i)) {
                    if (out == null) {
                        out = ((ArrayNode) value).deepCopy();
                    }
                    out.set(i, resolved.isMissingNode() ? Json.MAPPER.nullNode() : resolved);
                }
            }
            return out == null ? value : out;
        }
        return value;
    }

    private static String abbreviate(String text) {
        String one = text.replaceAll("\\s+", " ");
        return one.length() <= 80 ? one : one.substring(0, 79) + "…";
    }
}
